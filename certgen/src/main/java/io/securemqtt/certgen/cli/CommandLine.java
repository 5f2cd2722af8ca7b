package io.securemqtt.certgen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one grammar of certgen's command lines, which every command parses with:
 * <ul>
 * <li>{@code --name VALUE} or {@code --name=VALUE} for an option that takes a value; the value is
 * missing at the end of the line or where the next argument starts with {@code --} (so that
 * {@code --days -5} is a bad number of days, not a missing value);
 * <li>{@code --name} for a flag;
 * <li>anything else is an operand, such as inspect's files; where a command takes operands, a lone
 * {@code -} is one too, and so is everything after {@code --}, even if it starts with {@code -}.
 * </ul>
 * It knows no option's meaning: each command converts the arguments, in their order, with its own
 * messages.
 */
final class CommandLine {

    /**
     * What a command accepts.
     *
     * @param valueOptions the options that take a value
     * @param flags the options that take none
     * @param operands whether it takes operands
     * @param unknownOption the message for an option it does not know, given the argument as typed
     */
    record Syntax(Set<String> valueOptions, Set<String> flags, boolean operands, UnaryOperator<String> unknownOption) {
        Syntax {
            valueOptions = Set.copyOf(valueOptions);
            flags = Set.copyOf(flags);
        }
    }

    /**
     * One argument, in command-line order: an option with its value (none for a flag), or an operand.
     *
     * @param option the option's name, or null for an operand
     * @param value the option's value (null for a flag), or the operand
     */
    record Argument(String option, String value) {

        static Argument operand(String value) {
            return new Argument(null, value);
        }

        boolean isOperand() {
            return option == null;
        }

        boolean is(String name) {
            return name.equals(option);
        }
    }

    private CommandLine() {
    }

    static List<Argument> parse(List<String> args, Syntax syntax) throws UsageException {
        List<Argument> parsed = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (options && syntax.operands() && arg.equals("--")) {
                options = false;
                continue;
            }
            if (!options || !arg.startsWith("-") || arg.equals("-") && syntax.operands()) {
                if (!syntax.operands()) {
                    throw new UsageException("unexpected argument \"" + arg + "\": options start with --, e.g. --out "
                            + arg);
                }
                parsed.add(Argument.operand(arg));
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) { // --option=value works too
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (syntax.flags().contains(name) && value == null) {
                parsed.add(new Argument(name, null));
                continue;
            }
            if (!syntax.valueOptions().contains(name)) {
                throw new UsageException(syntax.unknownOption().apply(arg)); // as typed: --force=yes names its value too
            }
            if (value == null) {
                if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            parsed.add(new Argument(name, value));
        }
        return parsed;
    }
}
