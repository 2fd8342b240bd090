package dev.blip.scorer.model;

import dev.blip.core.bundle.BundleException;
import dev.blip.core.bundle.ModelBundle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model every task scores with. Tasks read {@link #current()} once at the start of each
 * punctuation, so a swap takes effect between punctuations and never in the middle of a batch.
 */
public final class ModelHolder {

    private final AtomicReference<ServingModel> current;
    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();

    public ModelHolder(ModelBundle initial) {
        this.current = new AtomicReference<>(ServingModel.of(initial));
    }

    public ServingModel current() {
        return current.get();
    }

    /** Called with the new model after every successful swap (and not for the initial one). */
    public void onSwap(Consumer<ServingModel> listener) {
        listeners.add(listener);
    }

    /**
     * Serves {@code next} from the next punctuation on. The bucket interval cannot change while
     * running (punctuation schedules and stored bucket boundaries depend on it).
     *
     * @throws BundleException when the bundle cannot replace the current one
     */
    public ServingModel swap(ModelBundle next) {
        ModelBundle now = current.get().bundle();
        if (!now.interval().equals(next.interval())) {
            throw new BundleException("bucketInterval", "new bundle has bucket interval " + next.interval()
                    + " but the scorer runs with " + now.interval() + "; changing it needs a restart with a new application id");
        }
        ServingModel serving = ServingModel.of(next);
        current.set(serving);
        listeners.forEach(l -> l.accept(serving));
        return serving;
    }
}
