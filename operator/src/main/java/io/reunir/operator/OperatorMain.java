package io.reunir.operator;

import io.javaoperatorsdk.operator.Operator;

/** Starts the operator. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("Usage: java -jar reunir-operator.jar\n"
          + "Runs the Reunir operator against the cluster of the current kubeconfig or service account.");
      return;
    }
    // Server-side apply is off for the primary's status and for dependents: one code path for
    // production and for the CRUD mock server, which does not implement SSA.
    var operator = new Operator(o -> o.withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.start();
  }
}
