package io.securemqtt.certgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.securemqtt.certgen.cli.CommandLine.Argument;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grammar every command parses with (each command's own tests pin its messages). */
class CommandLineTest {

    private static final CommandLine.Syntax WITH_OPERANDS = new CommandLine.Syntax(Set.of("--out"), Set.of("--json"),
            true, option -> "no option " + option);
    private static final CommandLine.Syntax WITHOUT_OPERANDS = new CommandLine.Syntax(Set.of("--out"),
            Set.of("--force"), false, option -> "unknown option " + option);

    @Test
    void argumentsComeInOrderWithTheirValues() throws UsageException {
        assertEquals(List.of(Argument.operand("a"), new Argument("--out", "dir"), new Argument("--json", null),
                        new Argument("--out", "other"), Argument.operand("b")),
                CommandLine.parse(List.of("a", "--out", "dir", "--json", "--out=other", "b"), WITH_OPERANDS));
    }

    @Test
    void aValueMayStartWithOneDashButNotTwo() throws UsageException {
        assertEquals(List.of(new Argument("--out", "-5")), CommandLine.parse(List.of("--out", "-5"), WITHOUT_OPERANDS));
        assertEquals("--out needs a value", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("--out", "--force"), WITHOUT_OPERANDS)).getMessage());
        assertEquals("--out needs a value", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("--out"), WITHOUT_OPERANDS)).getMessage());
    }

    @Test
    void afterTwoDashesEverythingIsAnOperandWhereACommandTakesThem() throws UsageException {
        assertEquals(List.of(new Argument("--json", null), Argument.operand("-"), Argument.operand("--json")),
                CommandLine.parse(List.of("--json", "--", "-", "--json"), WITH_OPERANDS));
        assertEquals("unknown option --", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("--"), WITHOUT_OPERANDS)).getMessage());
        assertEquals("unknown option -", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("-"), WITHOUT_OPERANDS)).getMessage());
    }

    @Test
    void anUnknownOptionIsNamedAsTyped() {
        assertEquals("no option --pem", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("--pem", "x"), WITH_OPERANDS)).getMessage());
        assertEquals("no option --json=yes", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("--json=yes"), WITH_OPERANDS)).getMessage());
        assertEquals("no option -x", assertThrows(UsageException.class,
                () -> CommandLine.parse(List.of("-x"), WITH_OPERANDS)).getMessage());
    }

    @Test
    void anOperandWhereACommandTakesNoneSaysHowOptionsLook() {
        assertEquals("unexpected argument \"somedir\": options start with --, e.g. --out somedir",
                assertThrows(UsageException.class, () -> CommandLine.parse(List.of("somedir"), WITHOUT_OPERANDS))
                        .getMessage());
    }
}
