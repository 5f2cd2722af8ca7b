/**
 * certgen's command line: {@link io.securemqtt.certgen.cli.Commands} runs a command by name and
 * turns its outcome into the exit status; every command parses its arguments with
 * {@code CommandLine}, the one grammar; inspect's reports and their JSON live here too. On top of
 * the {@code pki} model, which never depends on it.
 */
package io.securemqtt.certgen.cli;
