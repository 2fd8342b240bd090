package dev.blip.core.model.fast;

/** A network the fast pass cannot run exactly; the message names the layer and the property. */
public final class UnsupportedNetworkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedNetworkException(String message) {
        super(message);
    }
}
