package bench;

/** One scenario of the suite (B1…B9): measures, writes its section of the report and its verdicts. */
abstract class Scenario {

    /** what every scenario works with */
    record Context(Options options, Stack stack, Report report, Results results) {
    }

    protected final Options options;
    protected final Stack stack;
    protected final Report report;
    protected final Results results;
    protected final StringBuilder body;
    protected final StreamLoad load;
    private final String id;

    Scenario(Context context, String id) {
        this.id = id;
        this.options = context.options();
        this.stack = context.stack();
        this.report = context.report();
        this.results = context.results();
        this.body = context.report().body;
        this.load = new StreamLoad(context.stack());
    }

    final String id() {
        return id;
    }

    abstract void run() throws Exception;

    protected boolean smoke() {
        return options.smoke();
    }

    protected int option(String name, int full, int smokeValue) {
        return options.integer(name, full, smokeValue);
    }

    /**
     * Whether the gateway relays streams; if not, the scenario's section and its verdict say why it was not
     * measured.
     */
    protected boolean gatewayRelays(String target) {
        if (stack.gateway != null && stack.gatewayStreams()) {
            return true;
        }
        body.append("Not measured: ").append(stack.gatewayMissing()).append(".\n");
        verdict(target, stack.gatewayMissing(), null);
        return false;
    }

    protected void verdict(String target, String measured, Boolean met) {
        report.verdict(id(), id(), target, measured, met);
    }

    protected void cost(String costId, String now, Boolean met) {
        report.cost(costId, id(), now, met);
    }

    /** B2's stream: 50 pieces × 20 ms, the shape the relay's costs are quoted for */
    protected StreamSpec concurrentSpec() {
        return new StreamSpec("ndjson", option("b2-tokens", 50, 10), option("b2-delay", 20, 10), 0);
    }

    /** how many streams the gateway can hold here: two sockets each, within this machine's open-file limit */
    protected int openFileCap() {
        return (option("fd-limit", 20_000, 20_000) - 400) / 2 / 100 * 100;
    }

    protected int concurrentClients() {
        return option("b2-clients", 500, 10);
    }
}
