/**
 * HTTP endpoints for Kubernetes probes and Prometheus, on the JDK's {@code com.sun.net.httpserver}
 * (no web framework needed for four read-only routes).
 */
package dev.blip.scorer.http;
