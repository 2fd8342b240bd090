package dev.blip.trainer.cli;

import dev.blip.core.Product;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Product.NAME + "-trainer " + Product.VERSION};
    }
}
