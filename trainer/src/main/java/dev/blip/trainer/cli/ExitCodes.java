package dev.blip.trainer.cli;

/** The documented exit codes of every command (see docs/trainer.md). */
public final class ExitCodes {

    public static final int OK = 0;
    /** The model underfits (without --allow-underfit), or an evaluation did not meet --min-f1. */
    public static final int UNDERFIT_OR_EVALUATION = 1;
    /** Bad arguments or usage: unknown option, invalid value, conflicting options. */
    public static final int USAGE = 2;
    /** Bad input data: a file, record or bundle that breaks a rule (message names where and which). */
    public static final int BAD_INPUT = 3;
    /** I/O or Kafka error: unreadable/unwritable path, unreachable broker, topic that does not exist. */
    public static final int IO_OR_KAFKA = 4;
    /** Anything else: a bug; the stack trace is printed. */
    public static final int INTERNAL = 5;

    private ExitCodes() {
    }
}
