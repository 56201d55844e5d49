/**
 * An explorer of closed systems of generated machines: describe the machines, the channels between them and the
 * environment's moves ({@link io.fsmgen.check.ClosedSystem}), state the properties ({@link io.fsmgen.check.Property}),
 * and {@link io.fsmgen.check.Explorer} enumerates every reachable global state breadth-first, checks each property
 * and gives a shortest counterexample for each violation, which {@link io.fsmgen.check.Replay} replays on fresh
 * machines and draws as a two-column sequence diagram.
 *
 * <p>Machines take part through the {@link io.fsmgen.Capturable} encoding every generated class has; the parts of a
 * model that are not machines implement {@link io.fsmgen.check.StateComponent}. {@link io.fsmgen.check.Channel},
 * {@link io.fsmgen.check.Budget} and {@link io.fsmgen.check.ModelScheduler} are the usual ones.
 */
package io.fsmgen.check;
