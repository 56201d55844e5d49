package io.fsmgen.web.diagram;

import java.util.Locale;

/**
 * A quadratic Bézier from one box's centre to another's, its control point pushed {@code offset} to the left: the
 * shape of a transition line, and the arithmetic that finds where it crosses a box's border.
 */
record Curve(double x0, double y0, double cx, double cy, double x1, double y1) {

    /** The part of the curve between the two boxes' borders: what is drawn. */
    static Curve visible(Diagram.Node from, Diagram.Node to, double offset) {
        Curve curve = between(from, to, offset);
        return curve.sub(curve.leave(from), curve.enter(to));
    }

    static Curve between(Diagram.Node from, Diagram.Node to, double offset) {
        double dx = to.x() - from.x();
        double dy = to.y() - from.y();
        double length = Math.hypot(dx, dy);
        double nx = dy / length;
        double ny = -dx / length;
        return new Curve(from.x(), from.y(), (from.x() + to.x()) / 2 + nx * offset,
                (from.y() + to.y()) / 2 + ny * offset, to.x(), to.y());
    }

    double[] at(double t) {
        double u = 1 - t;
        return new double[] {u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1};
    }

    /** The parameter where the curve leaves {@code node}'s box (it starts inside). */
    double leave(Diagram.Node node) {
        return border(node, 0, 1);
    }

    /** The parameter where the curve enters {@code node}'s box (it ends inside). */
    double enter(Diagram.Node node) {
        return border(node, 1, 0);
    }

    /** Bisects between a parameter inside {@code node}'s box and one outside it; returns the outside end. */
    private double border(Diagram.Node node, double inside, double outside) {
        for (int i = 0; i < 30; i++) {
            double mid = (inside + outside) / 2;
            double[] p = at(mid);
            if (node.contains(p[0], p[1], 0)) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return outside;
    }

    /** The same curve between two of its parameters (de Casteljau), itself a quadratic Bézier. */
    Curve sub(double t0, double t1) {
        double[] start = at(t0);
        double[] end = at(t1);
        double a = (1 - t0) * (1 - t1);
        double b = (1 - t0) * t1 + t0 * (1 - t1);
        double c = t0 * t1;
        return new Curve(start[0], start[1], a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1, end[0], end[1]);
    }

    /** The unit normal to the chord, on the side the curve bends to (for the label). */
    double[] normal() {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double length = Math.max(Math.hypot(dx, dy), 1e-9);
        double nx = dy / length;
        double ny = -dx / length;
        double side = (cx - (x0 + x1) / 2) * nx + (cy - (y0 + y1) / 2) * ny;
        return side < 0 ? new double[] {-nx, -ny} : new double[] {nx, ny};
    }

    String svg() {
        boolean straight = Math.abs((cx - (x0 + x1) / 2) * (y1 - y0) - (cy - (y0 + y1) / 2) * (x1 - x0)) < 1e-6;
        return straight
                ? String.format(Locale.ROOT, "M%.1f,%.1f L%.1f,%.1f", x0, y0, x1, y1)
                : String.format(Locale.ROOT, "M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f", x0, y0, cx, cy, x1, y1);
    }
}
