import Crisis
import Foundation
import Scenario

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
        html += "<p>Places at their coordinates; grey lines are routes. Arrows run from the conflict zones of each schedule to where people arrived, their width proportional to the median number of arrivals summed over the horizon (people passing through a place count at each arrival; the same scale on every map). Camps are squares, coloured by how far over capacity they were on average over the horizon. Hover any place for its figures and sources.</p>\n"
        let geo = scenario.geography
        let maxArrivals = result.schedules.flatMap { s in s.arrivalsByLocation.filter { !zones(s.id).contains($0.key) }.map(\.value.median) }.max() ?? 1
        html += "<div class=\"maps\">\n"
        for s in orderedSchedules {
            html += "<figure class=\"map\"><figcaption><b>\(e(s.id))</b>: \(e(s.description)) — median \(figure("schedules.\(s.id).displaced.median", s.displaced.median, NumberFormat.count(s.displaced.median))) displaced</figcaption>\n"
            html += mapSVG(s, geo: geo, maxArrivals: maxArrivals)
            html += "</figure>\n"
        }
        html += "</div>\n<p class=\"legend\"><span class=\"sw cap-ok\"></span> within capacity <span class=\"sw cap-1\"></span> under 10% over <span class=\"sw cap-2\"></span> 10–50% over <span class=\"sw cap-3\"></span> more than 50% over on average <span class=\"sw conflict\"></span> conflict zone in this schedule</p>\n"
        html += "</section>\n"
    }

    func zones(_ schedule: String) -> Set<String> {
        Set(scenario.schedule(schedule)?.zones.map(\.location) ?? [])
    }

    func mapSVG(_ s: CrisisResult.ScheduleResult, geo: Geography, maxArrivals: Double) -> String {
        let w = 560.0, h = 540.0
        let proj = MapProjection(points: geo.locations.map { ($0.latitude, $0.longitude) }, width: w, height: h, padding: 46)
        var c = SVGCanvas(width: w, height: h, title: "Map: \(s.id)")
        func pos(_ name: String) -> (x: Double, y: Double)? { geo.location(name).map { proj(lat: $0.latitude, lon: $0.longitude) } }
        for r in geo.routes {
            guard let a = pos(r.from), let b = pos(r.to) else { continue }
            c.line(a.x, a.y, b.x, b.y, cls: "route", hover: "\(r.from) – \(r.to): \(NumberFormat.value(geo.distance(of: r))) km (source: \(r.provenance.description))")
        }
        let conflict = zones(s.id)
        let origins = geo.locations.filter { conflict.contains($0.name) }
        if !origins.isEmpty {
            let ox = origins.map { proj(lat: $0.latitude, lon: $0.longitude).x }.reduce(0, +) / Double(origins.count)
            let oy = origins.map { proj(lat: $0.latitude, lon: $0.longitude).y }.reduce(0, +) / Double(origins.count)
            for l in geo.locations where !conflict.contains(l.name) {
                guard let a = s.arrivalsByLocation[l.name], a.median > 0, let p = pos(l.name) else { continue }
                let width = max(1, 16 * a.median / max(maxArrivals, 1))
                // Stop short of the place so the arrowhead stays visible beside its marker.
                let dx = p.x - ox, dy = p.y - oy, len = (dx * dx + dy * dy).squareRoot()
                guard len > 12 else { continue }
                // The shaft stops where the head begins; the head is a triangle drawn here, sized
                // with the shaft, so thin and thick flows both read as arrows.
                let ux = dx / len, uy = dy / len
                let headLength = min(len * 0.45, max(9, width * 1.6)), headHalf = max(5, width * 1.1)
                let tip = (p.x - ux * 8, p.y - uy * 8)
                let base = (tip.0 - ux * headLength, tip.1 - uy * headLength)
                let hover = "\(l.name): median \(NumberFormat.count(a.median)) arrivals (90%: \(NumberFormat.count(a.p05))–\(NumberFormat.count(a.p95)))"
                c.line(ox, oy, base.0, base.1, cls: "flow", hover: hover,
                       extra: [("stroke-width", px(width)), ("data-location", l.name), ("data-arrivals", String(a.median))])
                c.path([tip, (base.0 - uy * headHalf, base.1 + ux * headHalf), (base.0 + uy * headHalf, base.1 - ux * headHalf)],
                       cls: "arrowhead", close: true, hover: hover)
            }
        }
        for l in geo.locations {
            let p = proj(lat: l.latitude, lon: l.longitude)
            let amount = geo.amount(of: l)
            let arrivals = s.arrivalsByLocation[l.name]
            let over = s.overloadPersonDaysByLocation[l.name]
            var hover = "\(l.name) (\(l.type))"
            hover += l.isCamp ? "\ncapacity \(NumberFormat.count(amount))" : "\npopulation \(NumberFormat.count(amount))"
            if let arrivals { hover += "\narrivals: median \(NumberFormat.count(arrivals.median)) (90%: \(NumberFormat.count(arrivals.p05))–\(NumberFormat.count(arrivals.p95)))" }
            if let over, over.median > 0 { hover += "\nperson-days over capacity: median \(NumberFormat.count(over.median))" }
            hover += "\nsource: \(l.provenance.description)"
            if l.isCamp {
                let share = overCapacityShare(overloadPersonDays: over?.median ?? 0, capacity: amount, horizonDays: result.scenario.horizonDays)
                c.rect(p.x - 6, p.y - 6, 12, 12, cls: "camp \(overCapacityClass(share))", hover: hover,
                       extra: [("data-location", l.name), ("data-over", String(share))])
            } else {
                let r = 3 + 5 * (amount / max(1, geo.locations.map { geo.amount(of: $0) }.max() ?? 1)).squareRoot()
                c.circle(p.x, p.y, r, cls: conflict.contains(l.name) ? "place conflict" : "place", hover: hover, extra: [("data-location", l.name)])
            }
        }
        // Labels last so no marker covers them; left of the point when near the right edge.
        for l in geo.locations where l.kind != .marker {
            let p = proj(lat: l.latitude, lon: l.longitude)
            let right = p.x > w - 120
            c.text(p.x + (right ? -9 : 9), p.y - 6, l.name.replacingOccurrences(of: "_", with: " "), cls: "place-label", anchor: right ? "end" : "start")
        }
        // A scale bar of a round number of km.
        let kmTarget = 120 / proj.pixelsPerKm
        let km = LinearScale.tickStep(0, kmTarget, count: 1)
        let barPx = km * proj.pixelsPerKm
        c.line(16, h - 16, 16 + barPx, h - 16, cls: "scalebar")
        c.text(16 + barPx + 6, h - 12, "\(NumberFormat.value(km)) km", cls: "tick")
        return c.render(cls: "chart mapsvg", id: "map-\(s.id)")
    }
}
