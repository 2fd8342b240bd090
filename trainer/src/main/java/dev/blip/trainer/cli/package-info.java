/**
 * The {@code trainer.jar} command line (picocli): {@code train}, {@code detect}, {@code evaluate},
 * {@code inspect}. Commands are thin: they parse options, call the dataset, train, evaluate and
 * report packages, and print. Exceptions become the documented exit codes in one place
 * ({@link dev.blip.trainer.cli.ErrorHandler}); tests drive {@code BlipTrainer.commandLine().execute}
 * with captured output.
 */
package dev.blip.trainer.cli;
