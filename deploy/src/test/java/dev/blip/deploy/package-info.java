/**
 * Checks of the deployment files (docker/, k8s/, the Grafana dashboard) with real tools and real
 * models, run by {@code ./mvnw verify}.
 *
 * <p>Design notes:
 * <ul>
 *   <li>External tools ({@code promtool} from Debian's {@code prometheus} package,
 *       {@code kubectl kustomize}) are run as processes by {@link ExternalTool}. When a tool is
 *       missing the test is <em>skipped</em> with a message naming the package to install,
 *       never passed silently; CI installs them.</li>
 *   <li>Kubernetes objects are bound to the fabric8 model classes by {@link StrictKubernetesModel},
 *       a Jackson mapper that turns off the models' catch-all {@code additionalProperties} so an
 *       unknown or misspelt field fails with its path, as the API server's strict field
 *       validation would.</li>
 *   <li>Every list the files must agree with (the metric names the scorer exposes, the scorer's
 *       environment variables) lives once, in {@code src/test/resources}.</li>
 * </ul>
 */
package dev.blip.deploy;
