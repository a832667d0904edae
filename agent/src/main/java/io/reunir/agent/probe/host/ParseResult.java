package io.reunir.agent.probe.host;

import io.reunir.agent.model.PackageRecord;
import java.util.List;

/**
 * What a package database yielded: the packages read correctly, and one line per problem (a stanza
 * that was skipped and why). A damaged database still gives every package it can vouch for.
 */
public record ParseResult(List<PackageRecord> packages, List<String> problems) {}
