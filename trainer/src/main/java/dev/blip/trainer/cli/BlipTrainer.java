package dev.blip.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code trainer.jar}: one executable, four commands. */
@Command(name = "blip-trainer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Train, calibrate, export, score offline and evaluate blip anomaly models.",
        subcommands = {TrainCommand.class, DetectCommand.class, EvaluateCommand.class, InspectCommand.class, AblateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:model underfits (no --allow-underfit) or evaluation below --min-f1",
                "2:bad arguments or usage", "3:bad input data (file, line/offset and rule are named)",
                "4:I/O or Kafka error (unreadable path, unreachable broker, missing topic)", "5:internal error"})
public final class BlipTrainer implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, detect, evaluate or inspect");
    }

    /** The configured command line; tests call {@code execute} on it with captured output. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** As {@link #commandLine()}, reading {@code env} instead of the process environment. */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cl = new CommandLine(new BlipTrainer(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = defaults.create(cls);
                if (made instanceof TrainCommand train) {
                    train.env = env;
                }
                return made;
            }
        });
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        dev.blip.core.bundle.SerialFilter.installProcessWide();
        System.exit(commandLine().execute(args));
    }
}
