/**
 * Reliability scenarios of the scorer against a real broker (see {@code RELIABILITY.md}).
 *
 * <p>Every IT runs the real scorer as a separate JVM ({@code java -jar scorer/target/scorer.jar})
 * so that SIGKILL, restarts and broker outages hit exactly what production runs, and judges the
 * outcome by comparing the committed output topics with the offline core path
 * ({@code assembler().windows(series)} then {@code newScorer().score(...)}) window by window.
 * Closing is made a function of the input (wall-clock close off, one flush event per partition),
 * so "nothing lost, nothing duplicated" is an exact set comparison. Sizes are small by default
 * (the CI build runs them) and the full sizes with {@code -Preliability-long}.
 */
package dev.blip.reliability;
