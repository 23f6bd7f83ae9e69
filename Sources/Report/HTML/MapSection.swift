import Crisis
import Foundation

/// How far over capacity a place was: its person-days over capacity divided by
/// capacity × horizon, i.e. the mean share over capacity across the horizon.
public func overCapacityShare(overloadPersonDays: Double, capacity: Double, horizonDays: Int) -> Double {
    guard capacity > 0, horizonDays > 0 else { return overloadPersonDays > 0 ? .infinity : 0 }
    return overloadPersonDays / (capacity * Double(horizonDays))
}

/// The colour class of an over-capacity share.
public func overCapacityClass(_ share: Double) -> String {
    if share <= 0 { return "cap-ok" }
    if share < 0.1 { return "cap-1" }
    if share < 0.5 { return "cap-2" }
    return "cap-3"
}

extension ReportBuilder {
    /// The schedules in the order the reader needs: the equilibrium's first.
    var orderedSchedules: [CrisisResult.ScheduleResult] {
        let key = result.nominal.key
        let modal = result.branches.first { $0.id == key }?.schedule
            ?? result.branches.max { $0.probability < $1.probability }?.schedule
        return result.schedules.sorted { a, b in (a.id == modal ? 0 : 1, 0) < (b.id == modal ? 0 : 1, 0) }
    }

    mutating func maps() {
        html += "<section id=\"map\"><h2>Where people go</h2>\n"
        let byRoute = result.schedules.allSatisfy { $0.routeFlows != nil }
        if byRoute {
            html += "<p>Places at their coordinates; grey lines are routes. Blue arrows run along the routes in the direction of the net movement of people over the horizon, their width proportional to the median net number of people (those who travelled that way minus those who travelled back), on each map's own scale (its key, bottom right, gives a width in people). People passing through count on every route they take, and many move back and forth between neighbouring towns: the table under each map gives the people who travelled each way, and so does the hover text of each arrow. Net flows under 1% of the map's largest are not drawn. Camps are squares, coloured by how far over capacity they were on average over the horizon. Hover any place or arrow for its figures and sources.</p>\n"
        } else {
            html += "<p>Places at their coordinates; grey lines are routes. Arrows run from the conflict zones of each schedule to where people arrived (this result has no flows by route), their width proportional to the median number of journeys that ended there over the horizon (a person passing through counts each time), on each map's own scale. Camps are squares, coloured by how far over capacity they were on average over the horizon. Hover any place for its figures and sources.</p>\n"
        }
        html += "<div class=\"maps\">\n"
        for s in orderedSchedules {
            html += "<figure class=\"map\"><figcaption><b>\(e(s.id))</b>: \(e(s.description)) — median \(figure("schedules.\(s.id).displaced.median", s.displaced.median, NumberFormat.count(s.displaced.median))) displaced</figcaption>\n"
            // Each map on its own scale: on the scale of the largest schedule a small one's
            // arrows would all be drawn at the narrowest width.
            let maxArrivals = s.arrivalsByLocation.filter { !zones(s.id).contains($0.key) }.map(\.value.median).max() ?? 1
            let maxFlow = (s.routeFlows ?? []).map(\.net.median).max() ?? 0
            html += mapSVG(s, maxArrivals: maxArrivals, maxFlow: maxFlow)
            if let flows = s.routeFlows, !flows.isEmpty { html += routeTable(s.id, flows) }
            html += "</figure>\n"
        }
        html += "</div>\n<p class=\"legend\"><span class=\"sw cap-ok\"></span> within capacity <span class=\"sw cap-1\"></span> under 10% over <span class=\"sw cap-2\"></span> 10–50% over <span class=\"sw cap-3\"></span> more than 50% over on average <span class=\"sw conflict\"></span> conflict zone in this schedule</p>\n"
        html += "</section>\n"
    }

    /// Every route direction people took under one schedule, busiest first.
    func routeTable(_ schedule: String, _ flows: [CrisisResult.RouteFlow]) -> String {
        let rows = flows.filter { $0.people.p95 > 0 }.sorted { ($0.people.median, $1.from, $1.to) > ($1.people.median, $0.from, $0.to) }
        var h = "<details><summary>People by route (\(rows.count) route directions)</summary><div class=\"scroll\"><table class=\"routes\"><tr><th>From</th><th>To</th><th>People who travelled (median)</th><th>90% interval</th><th>Net of the way back (median)</th></tr>\n"
        for f in rows {
            h += "<tr><td>\(e(f.from.replacingOccurrences(of: "_", with: " ")))</td><td>\(e(f.to.replacingOccurrences(of: "_", with: " ")))</td>"
            h += "<td class=\"num\">\(figure("schedules.\(schedule).routeFlows.\(f.from)→\(f.to).median", f.people.median, NumberFormat.count(f.people.median)))</td>"
            h += "<td class=\"num\">\(e(NumberFormat.count(f.people.p05))) – \(e(NumberFormat.count(f.people.p95)))</td>"
            h += "<td class=\"num\">\(e(NumberFormat.count(f.net.median)))</td></tr>\n"
        }
        return h + "</table></div></details>\n"
    }

    static let maxFlowWidth = 18.0

    /// Arrows along each route in the direction of the net movement, width ∝ median net
    /// people on the map's scale (`maxFlow` people = the widest arrow).
    func drawRouteFlows(_ flows: [CrisisResult.RouteFlow], on c: inout SVGCanvas,
                        pos: (String) -> (x: Double, y: Double)?, maxFlow: Double) {
        guard maxFlow > 0 else { return }
        let back = Dictionary(flows.map { ("\($0.from)\u{1}\($0.to)", $0) }, uniquingKeysWith: { a, _ in a })
        // Drawn: net flows of at least 1% of this map's largest, so a small schedule keeps its arrows.
        let local = flows.map(\.net.median).max() ?? 0
        for f in flows where f.net.median > 0 && f.net.median >= 0.01 * local {
            guard let a = pos(f.from), let b = pos(f.to) else { continue }
            let dx = b.x - a.x, dy = b.y - a.y, len = (dx * dx + dy * dy).squareRoot()
            guard len > 14 else { continue }
            let width = max(1.2, Self.maxFlowWidth * f.net.median / maxFlow)
            let ux = dx / len, uy = dy / len
            let nx = -uy, ny = ux
            let headLength = min(len * 0.4, max(8, width * 1.4)), headHalf = max(4.5, width * 0.95)
            let start = (a.x + ux * 6, a.y + uy * 6)
            let tip = (b.x - ux * 7, b.y - uy * 7)
            let base = (tip.0 - ux * headLength, tip.1 - uy * headLength)
            let returning = back["\(f.to)\u{1}\(f.from)"]?.people.median ?? 0
            let hover = "\(f.from) → \(f.to): net \(NumberFormat.count(f.net.median)) people (90%: \(NumberFormat.count(f.net.p05))–\(NumberFormat.count(f.net.p95)))\n"
                + "travelled this way: median \(NumberFormat.count(f.people.median)); the other way: \(NumberFormat.count(returning))"
            if (base.0 - start.0) * ux + (base.1 - start.1) * uy > 0 {
                c.line(start.0, start.1, base.0, base.1, cls: "flow", hover: hover,
                       extra: [("stroke-width", px(width)), ("data-from", f.from), ("data-to", f.to), ("data-net", String(f.net.median))])
            }
            c.path([tip, (base.0 - nx * headHalf, base.1 - ny * headHalf), (base.0 + nx * headHalf, base.1 + ny * headHalf)],
                   cls: "arrowhead", close: true, hover: hover)
        }
    }

    /// Results without flows by route: arrows from the conflict zones' centroid to each place.
    func drawCentroidFlows(_ s: CrisisResult.ScheduleResult, on c: inout SVGCanvas, proj: MapProjection,
                           conflict: Set<String>, maxArrivals: Double) {
        let origins = context.places.filter { conflict.contains($0.name) }
        guard !origins.isEmpty else { return }
        let places = Dictionary(context.places.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func pos(_ name: String) -> (x: Double, y: Double)? { places[name].map { proj(lat: $0.latitude, lon: $0.longitude) } }
        let ox = origins.map { proj(lat: $0.latitude, lon: $0.longitude).x }.reduce(0, +) / Double(origins.count)
        let oy = origins.map { proj(lat: $0.latitude, lon: $0.longitude).y }.reduce(0, +) / Double(origins.count)
        for l in context.places where !conflict.contains(l.name) {
            guard let a = s.arrivalsByLocation[l.name], a.median > 0, let p = pos(l.name) else { continue }
            let width = max(1, 16 * a.median / max(maxArrivals, 1))
            let dx = p.x - ox, dy = p.y - oy, len = (dx * dx + dy * dy).squareRoot()
            guard len > 12 else { continue }
            let ux = dx / len, uy = dy / len
            let headLength = min(len * 0.45, max(9, width * 1.6)), headHalf = max(5, width * 1.1)
            let tip = (p.x - ux * 8, p.y - uy * 8)
            let base = (tip.0 - ux * headLength, tip.1 - uy * headLength)
            let hover = "\(l.name): median \(NumberFormat.count(a.median)) journeys ending here (90%: \(NumberFormat.count(a.p05))–\(NumberFormat.count(a.p95)))"
            c.line(ox, oy, base.0, base.1, cls: "flow", hover: hover,
                   extra: [("stroke-width", px(width)), ("data-location", l.name), ("data-arrivals", String(a.median))])
            c.path([tip, (base.0 - uy * headHalf, base.1 + ux * headHalf), (base.0 + uy * headHalf, base.1 - ux * headHalf)],
                   cls: "arrowhead", close: true, hover: hover)
        }
    }

    /// A town's circle: radius 3–8 px by the square root of its population (`largest`: the
    /// largest population or capacity of the map, at least 1).
    func markerRadius(amount: Double, largest: Double) -> Double {
        3 + 5 * (amount / largest).squareRoot()
    }

    func zones(_ schedule: String) -> Set<String> {
        Set(context.zones[schedule] ?? [])
    }

    func mapSVG(_ s: CrisisResult.ScheduleResult, maxArrivals: Double, maxFlow: Double) -> String {
        // As tall as a screen, as wide as the region then needs (plus room for the keys and
        // the eastmost labels), at most the page's width.
        let points = context.places.map { (lat: $0.latitude, lon: $0.longitude) }
        let h = 820.0, padding = 40.0
        let w = max(560, min(1100, MapProjection.fittedWidth(points: points, height: h, padding: padding, maxWidth: 1100) + 140))
        let proj = MapProjection(points: points, width: w - 140, height: h, padding: padding)
        var c = SVGCanvas(width: w, height: h, title: "Map: \(s.id)")
        // Looked up once: a map of many places would otherwise search them all for each one.
        let places = Dictionary(context.places.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let largest = max(1, context.places.map(\.amount).max() ?? 1)
        func pos(_ name: String) -> (x: Double, y: Double)? { places[name].map { proj(lat: $0.latitude, lon: $0.longitude) } }
        for r in context.routes {
            guard let a = pos(r.from), let b = pos(r.to) else { continue }
            c.line(a.x, a.y, b.x, b.y, cls: "route", hover: "\(r.from) – \(r.to): \(NumberFormat.value(r.distance)) km (source: \(r.provenance))")
        }
        let conflict = zones(s.id)
        if let flows = s.routeFlows {
            drawRouteFlows(flows, on: &c, pos: pos, maxFlow: maxFlow)
        } else {
            drawCentroidFlows(s, on: &c, proj: proj, conflict: conflict, maxArrivals: maxArrivals)
        }
        let present = s.populationByLocation ?? [:]
        for l in context.places {
            let p = proj(lat: l.latitude, lon: l.longitude)
            let amount = l.amount
            let arrivals = s.arrivalsByLocation[l.name]
            let over = s.overloadPersonDaysByLocation[l.name]
            var hover = "\(l.name) (\(l.type))"
            hover += l.isCamp ? "\ncapacity \(NumberFormat.count(amount))" : "\npopulation \(NumberFormat.count(amount))"
            if let peak = present[l.name], let most = peak.median.max(), most > 0 { hover += "\nmost people present on a recorded day (median): \(NumberFormat.count(most))" }
            if let arrivals { hover += "\njourneys ending here (a person passing through counts each time): median \(NumberFormat.count(arrivals.median)) (90%: \(NumberFormat.count(arrivals.p05))–\(NumberFormat.count(arrivals.p95)))" }
            if let over, over.median > 0 { hover += "\nperson-days over capacity: median \(NumberFormat.count(over.median))" }
            hover += "\nsource: \(l.provenance)"
            if l.isCamp {
                let share = overCapacityShare(overloadPersonDays: over?.median ?? 0, capacity: amount, horizonDays: result.scenario.horizonDays)
                c.rect(p.x - 6, p.y - 6, 12, 12, cls: "camp \(overCapacityClass(share))", hover: hover,
                       extra: [("data-location", l.name), ("data-over", String(share))])
            } else {
                let r = markerRadius(amount: amount, largest: largest)
                c.circle(p.x, p.y, r, cls: conflict.contains(l.name) ? "place conflict" : "place", hover: hover, extra: [("data-location", l.name)])
            }
        }
        // Labels last so no marker covers them, placed so that none overlaps another or a
        // marker; the busiest places choose first. A label that fits nowhere is left out
        // (its marker keeps the name on hover).
        // Waypoints (markers) are named only when people stop there.
        let named = context.places.filter { !$0.isMarker || (present[$0.name]?.p95.max() ?? 0) > 0 }
        var placer = LabelPlacement(width: w, height: h)
        placer.charWidth = 5.9
        let labels = named.map { l -> LabelPlacement.Label in
            let p = proj(lat: l.latitude, lon: l.longitude)
            let priority = (s.arrivalsByLocation[l.name]?.median ?? 0) + (present[l.name]?.median.last ?? 0) + l.amount / 100
            return .init(x: p.x, y: p.y, text: l.name.replacingOccurrences(of: "_", with: " "), priority: priority,
                         radius: l.isCamp ? 6 : l.isMarker ? 3 : markerRadius(amount: l.amount, largest: largest))
        }
        for (l, placed) in zip(labels, placer.place(labels)) {
            guard let placed else { continue }
            if placed.leader {
                let b = placed.box
                c.line(l.x, l.y, min(max(l.x, b.x0), b.x1), min(max(l.y, b.y0), b.y1), cls: "leader")
            }
            c.text(placed.x, placed.y, l.text, cls: "place-label", anchor: placed.anchor)
        }
        // A scale bar of a round number of km.
        let kmTarget = 120 / proj.pixelsPerKm
        let km = LinearScale.tickStep(0, kmTarget, count: 1)
        let barPx = km * proj.pixelsPerKm
        c.line(16, h - 16, 16 + barPx, h - 16, cls: "scalebar")
        c.text(16 + barPx + 6, h - 12, "\(NumberFormat.value(km)) km", cls: "tick")
        // The width key: an arrow of a round number of people, on this map's scale.
        if s.routeFlows != nil, maxFlow > 0 {
            let people = LinearScale.tickStep(0, maxFlow / 2, count: 1)
            let width = Self.maxFlowWidth * people / maxFlow
            let x0 = w - 300, y0 = h - 18
            c.line(x0, y0, x0 + 50, y0, cls: "flow", extra: [("stroke-width", px(width))])
            c.path([(x0 + 64, y0), (x0 + 50, y0 - max(4.5, width * 0.95)), (x0 + 50, y0 + max(4.5, width * 0.95))], cls: "arrowhead", close: true)
            c.text(x0 + 72, y0 + 4, "net \(NumberFormat.count(people)) people (this map)", cls: "tick")
        }
        return c.render(cls: "chart mapsvg", id: "map-\(s.id)")
    }
}
