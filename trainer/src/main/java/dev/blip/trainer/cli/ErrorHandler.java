package dev.blip.trainer.cli;

import dev.blip.core.bundle.BundleException;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.KafkaHistory;
import dev.blip.trainer.train.UnderfitException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Maps exceptions to the documented exit codes with one clear line on stderr. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = codeFor(ex);
        err.println("error: " + ex.getMessage());
        if (code == ExitCodes.INTERNAL) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int codeFor(Throwable ex) {
        if (ex instanceof UnderfitException || ex instanceof EvaluationFailedException) {
            return ExitCodes.UNDERFIT_OR_EVALUATION;
        }
        if (ex instanceof InputException || ex instanceof BundleException) {
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof KafkaHistory.KafkaInputException || ex instanceof UncheckedIOException
                || ex instanceof IOException) {
            return ExitCodes.IO_OR_KAFKA;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.INTERNAL;
    }

    /** Evaluation ran but did not meet the requested bar. */
    static final class EvaluationFailedException extends RuntimeException {
        EvaluationFailedException(String message) {
            super(message);
        }
    }
}
