package io.fsmgen.check.example;

/** The states and events of the payment example's two machines. */
public final class Payment {

    private Payment() {}

    /** A client paying once, through a network that may lose or duplicate its request and the reply. */
    public enum ClientState { IDLE, WAITING, PAID, FAILED }

    public enum ClientEvent { PAY, REPLY, TIMEOUT }

    /** A payment service: it takes a request, charges the card (which takes a while), and replies. */
    public enum ServerState { READY, CHARGING }

    public enum ServerEvent { REQUEST, CHARGED }
}
