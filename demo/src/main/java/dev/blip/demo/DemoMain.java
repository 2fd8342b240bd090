package dev.blip.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Clock;

/** Entry point of {@code demo.jar}. */
@Command(name = "blip-demo", mixinStandardHelpOptions = true,
        description = "blip demo: anomaly detection on an embedded Kafka broker, and a traffic generator. "
                + "Without a command it runs 'run'.")
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        // trainer.jar and scorer.jar each ship a logback.xml; the demo names its own explicitly.
        System.setProperty("logback.configurationFile", "blip-demo-logback.xml");
        String[] effective = args.length == 0 ? new String[] {"run"} : args;
        System.exit(commandLine(Clock.systemUTC(), new PrintWriter(System.out, true)).execute(effective));
    }

    /** The configured command line (without the no-arguments default of {@code main}); the docs check parses examples with it. */
    public static CommandLine commandLine(Clock clock, PrintWriter out) {
        CommandLine cl = new CommandLine(new DemoMain());
        cl.addSubcommand(new RunCommand(clock, out));
        cl.addSubcommand(new GenerateCommand(clock, out));
        cl.addSubcommand(new AblateCommand(out));
        cl.setOut(out);
        return cl;
    }
}
