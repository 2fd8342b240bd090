package dev.blip.trainer.cli;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.trainer.export.ManifestPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code inspect}: a bundle's manifest in human form (the bundle is fully validated first). */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a model bundle's manifest in human form.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The model bundle (.zip).")
    Path bundle;

    @CommandLine.Option(names = "--json", description = "Print the raw manifest JSON instead.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = BundleIO.load(bundle);
        if (json) {
            spec.commandLine().getOut().println(BundleIO.json().writeValueAsString(b.manifest()));
        } else {
            ManifestPrinter.print(b.manifest(), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
