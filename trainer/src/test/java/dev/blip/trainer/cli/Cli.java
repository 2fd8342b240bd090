package dev.blip.trainer.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line with captured stdout and stderr. */
public final class Cli {

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        return run(java.util.Map.of(), args);
    }

    /** With {@code env} as the process environment. */
    public static Result run(java.util.Map<String, String> env, String... args) {
        CommandLine cl = BlipTrainer.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
