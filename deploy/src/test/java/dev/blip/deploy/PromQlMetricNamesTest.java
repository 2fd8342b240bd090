package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void findsTheMetricInsideFunctionsAndAggregations() {
        assertThat(PromQlMetricNames.of("sum by (reason) (rate(blip_records_bad_total{job=\"x\"}[$__rate_interval]))"))
                .containsExactly("blip_records_bad_total");
    }

    @Test
    void findsEveryMetricOfABinaryExpression() {
        assertThat(PromQlMetricNames.of(
                "sum(rate(a_total[5m])) / sum without (instance) (rate(b_total[5m])) > 0.05 and on(job) up == 1"))
                .containsExactly("a_total", "b_total", "up");
    }

    @Test
    void ignoresLabelsStringsNumbersDurationsAndVariables() {
        assertThat(PromQlMetricNames.of(
                "histogram_quantile(0.99, sum by (le) (rate(lat_bucket{area=\"heap\", le=~\"0.1|1e3\"}[${range}]))) "
                        + "* 1e3 offset 5m"))
                .containsExactly("lat_bucket");
    }

    @Test
    void handlesGroupingAfterTheAggregatedExpression() {
        assertThat(PromQlMetricNames.of("max(blip_model_info) by (version, engine)"))
                .containsExactly("blip_model_info");
    }

    @Test
    void aBareSelectorIsItsOwnName() {
        assertThat(PromQlMetricNames.of("process_cpu_usage")).containsExactly("process_cpu_usage");
    }
}
