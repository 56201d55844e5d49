/**
 * A system that is not TCP, checked the same way: a client paying through a payment service, with request timeouts,
 * retries and an idempotency key ({@link io.fsmgen.check.example.PaymentModel}).
 */
package io.fsmgen.check.example;
