package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the last import and match did. {@code advisories} counts the advisory documents of the
 * source's ecosystems; {@code ecosystems} the OSV ecosystems (with release) they came from;
 * {@code removed} the documents deleted because the export no longer has them. {@code lastFullMatch}
 * is when every advisory was last matched against the whole fleet; {@code changesMatchedUntil} the
 * time up to which nodes' package changes have been re-matched.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdvisorySourceStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String lastImport,
    Integer advisories,
    Integer written,
    Integer findings,
    String ecosystems,
    Integer removed,
    String lastFullMatch,
    String changesMatchedUntil) {}
