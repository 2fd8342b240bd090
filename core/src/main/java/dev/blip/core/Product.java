package dev.blip.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product's name and build version. */
public final class Product {

    public static final String NAME = "blip";
    public static final String VERSION = readVersion();

    private Product() {
    }

    private static String readVersion() {
        try (InputStream in = Product.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
