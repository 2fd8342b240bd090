package dev.blip.trainer.train;

/** The model is not clearly better than a naive reconstruction; the CLI exits with code 1. */
public class UnderfitException extends RuntimeException {

    private final UnderfitCheck check;

    public UnderfitException(UnderfitCheck check) {
        super(check.describe());
        this.check = check;
    }

    public UnderfitCheck check() {
        return check;
    }
}
