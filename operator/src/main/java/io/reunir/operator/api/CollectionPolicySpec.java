package io.reunir.operator.api;

import java.util.List;

public class CollectionPolicySpec {
  private String clusterName;
  private List<String> probes;

  public String getClusterName() {
    return clusterName;
  }

  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  public List<String> getProbes() {
    return probes;
  }

  public void setProbes(List<String> probes) {
    this.probes = probes;
  }
}
