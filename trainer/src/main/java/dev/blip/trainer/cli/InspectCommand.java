package dev.blip.trainer.cli;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleSignature;
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

    @CommandLine.Option(names = "--verify-key", paramLabel = "PEM",
            description = "Also require a valid signature by this Ed25519 public key (X.509 PEM).")
    Path verifyKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = BundleIO.load(bundle, verifyKey == null ? null : BundleSignature.readPublicKey(verifyKey));
        if (verifyKey != null) {
            spec.commandLine().getOut().println("signature: valid (key " + BundleSignature.keyId(BundleSignature.readPublicKey(verifyKey)) + ")");
        }
        if (json) {
            spec.commandLine().getOut().println(BundleIO.json().writeValueAsString(b.manifest()));
        } else {
            ManifestPrinter.print(b.manifest(), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
