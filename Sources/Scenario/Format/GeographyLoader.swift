import BoundedInput
import Foundation
import Yams

extension ScenarioParser {
    func csvReport(_ file: String, _ row: CSVRecord?, cell: Int?, _ path: String, _ kind: Diagnostic.Kind, _ message: String,
                   expected: String? = nil, suggestion: String? = nil) {
        let col = row.flatMap { r in cell.map { $0 < r.columns.count ? r.columns[$0] : (r.columns.last ?? 1) } } ?? (row == nil ? 0 : 1)
        csvDiagnostics.append(Diagnostic(file: file, line: row?.line ?? 0, column: col, path: path, kind: kind,
                                         message: message, expected: expected, suggestion: suggestion))
    }

    /// A table cell the sidecar determines that holds something else, or nothing: reported
    /// (`expected` is the value alone) and recorded for `fulcrum validate --fix`.
    func determinedCell(_ file: String, line: Int, column: Int, cell: Int, path: String, holds old: String, should new: String, by why: String) {
        let message = (old.isEmpty ? "the cell is empty" : "the table says \(old)") + " but \(why) gives \(new)"
        csvDiagnostics.append(Diagnostic(file: file, line: line, column: column, path: path, kind: .inconsistent,
                                         message: message + ", which the table must hold (fulcrum validate --fix writes it)", expected: new))
        fixes.append(TableFix(file: file, line: line, cell: cell, old: old, new: new, path: path))
    }

    /// Reads a table, or reports it missing. Returns its header (the first row
    /// starting with `#`, if it comes first) and data rows; comment rows are dropped.
    func readTable(_ name: String, required: Bool, maxRows: Int) -> (header: [String]?, rows: [CSVRecord])? {
        // Tables live beside scenario.yaml: a path that climbs out of the folder
        // (or is absolute) would let a scenario read any file on the machine.
        if name.hasPrefix("/") || name.split(separator: "/").contains("..") {
            csvReport(name, nil, cell: nil, name, .outOfRange, "'\(name)' is outside the scenario folder",
                      expected: "a file name relative to the scenario folder, without '..'")
            return nil
        }
        let text: String
        do { text = try readText(name, limit: limits.maxTableBytes) } catch {
            switch error {
            case .missing, .unreadable:
                if required || source.exists(name) {
                    csvReport(name, nil, cell: nil, name, .missingFile, "cannot read \(name)", expected: "a CSV table in Flee's format beside scenario.yaml")
                }
            default:
                csvReport(name, nil, cell: nil, name, .outOfRange, "\(name) \(error)", expected: "a UTF-8 CSV table within the size limit")
            }
            return nil
        }
        // A NUL or another control character is in no Flee table; refused where it is.
        if let bad = text.unicodeScalars.firstIndex(where: isControlCharacter) {
            let before = text.unicodeScalars[..<bad]
            let line = 1 + before.lazy.filter { $0 == "\n" }.count
            let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            csvDiagnostics.append(Diagnostic(file: name, line: line, column: column, path: name, kind: .wrongType,
                                             message: String(format: "the table holds the control character U+%04X", text.unicodeScalars[bad].value),
                                             expected: "text without control characters"))
            return nil
        }
        // Refuse an oversized table before parsing it: a line count is a cheap
        // upper bound on rows (quoted cells may span lines, so allow slack).
        let lines = CSV.lineCount(text)
        if lines > 2 * maxRows + 100 {
            csvReport(name, nil, cell: nil, name, .outOfRange, "\(lines) lines: more than \(maxRows) data rows",
                      expected: "at most \(maxRows) rows (a scenario this large is not supported)")
            return nil
        }
        var header: [String]?
        var rows: [CSVRecord] = []
        for r in CSV.records(text) where !r.isEmptyLine {
            if r.isComment {
                if header == nil && rows.isEmpty { header = r.cells }
                continue
            }
            rows.append(r)
            if rows.count > maxRows {
                csvReport(name, r, cell: nil, "\(name) row \(r.line)", .outOfRange, "more than \(maxRows) data rows",
                          expected: "at most \(maxRows) rows (a scenario this large is not supported)")
                return nil
            }
        }
        return (header, rows)
    }

    func parseGeography(_ node: Node) -> Geography? {
        guard let f = y.fields(node, "geography", Format.geography) else { return nil }
        let gprov = y.provenance(f["source"], "geography.source", inherited: .none)
        let locFile = f["locations_file"].flatMap { y.string($0, "geography.locations_file") } ?? "locations.csv"
        let routeFile = f["routes_file"].flatMap { y.string($0, "geography.routes_file") } ?? "routes.csv"
        let closureFile = f["closures_file"].flatMap { y.string($0, "geography.closures_file") } ?? "closures.csv"
        let total = f["population_total"].flatMap { y.quantity($0, "geography.population_total", inherited: gprov, range: ValueBounds.people, what: "population") }
        let roadFactor = f["road_factor"].flatMap { y.quantity($0, "geography.road_factor", inherited: gprov, range: ValueBounds.roadFactor, what: "road factor") }

        // Sidecar entries, keyed by location name / route / closure.
        struct PlaceInfo { var prov: Provenance; var node: Node; var keyNode: Node; var population: Quantity?; var capacity: Quantity?; var weight: Quantity? }
        var places: [String: PlaceInfo] = [:]
        for (name, kn, v) in y.entries(f["places"], "geography.places", what: "places by location name") {
            let p = "geography.places.\(name)"
            guard let pf = y.fields(v, p, Format.place) else { continue }
            let prov = y.provenance(pf["source"], "\(p).source", inherited: gprov)
            var info = PlaceInfo(prov: prov, node: v, keyNode: kn)
            info.population = pf["population"].flatMap { y.quantity($0, "geography.population.\(name)", inherited: prov, range: ValueBounds.people, what: "population") }
            info.capacity = pf["capacity"].flatMap { y.quantity($0, "geography.capacity.\(name)", inherited: prov, range: ValueBounds.people, what: "capacity") }
            info.weight = pf["population_weight"].flatMap { y.quantity($0, "geography.population_weight.\(name)", inherited: prov, range: ValueBounds.weight, what: "population weight") }
            if info.weight != nil && total == nil {
                y.report(.missingField, pf["population_weight"], "geography.population_total",
                         "'population_weight' shares out 'population_total', which is not given")
            }
            if [info.population, info.capacity, info.weight].compactMap({ $0 }).count > 1 {
                y.report(.inconsistent, v, p, "give one of 'population', 'capacity' or 'population_weight'")
            }
            places[name] = info
        }
        struct LinkInfo { var prov: Provenance; var keyNode: Node; var distance: Quantity?; var greatCircle: Bool }
        var links: [String: LinkInfo] = [:]
        for (key, kn, v) in y.entries(f["links"], "geography.links", what: "routes by 'from--to'") {
            let p = "geography.links.\(key)"
            guard let lf = y.fields(v, p, Format.link) else { continue }
            let prov = y.provenance(lf["source"], "\(p).source", inherited: gprov)
            let gc = lf["great_circle"].flatMap { y.bool($0, "\(p).great_circle") } ?? false
            if gc && roadFactor == nil {
                y.report(.missingField, lf["great_circle"], "geography.road_factor", "a great-circle route needs 'road_factor'")
            }
            let d = lf["distance"].flatMap { y.quantity($0, "geography.distance.\(key)", inherited: prov, range: ValueBounds.distanceKm, what: "distance") }
            if gc && d != nil { y.report(.inconsistent, v, p, "give 'distance' or 'great_circle: true', not both") }
            links[key] = LinkInfo(prov: prov, keyNode: kn, distance: d, greatCircle: gc)
        }
        var closureProv: [String: (Provenance, Node)] = [:]
        for (key, kn, v) in y.entries(f["closures"], "geography.closures", what: "closures by 'name1--name2'") {
            guard let cf = y.fields(v, "geography.closures.\(key)", Format.closure) else { continue }
            closureProv[key] = (y.provenance(cf["source"], "geography.closures.\(key).source", inherited: gprov), kn)
        }

        // locations.csv
        var locations: [Location] = []
        var tableAmounts: [String: Double] = [:]   // the population/capacity cells, for consistency checks
        var writtenCells = Set<String>()             // non-empty cells, valid or not (an invalid one is reported once)
        var amountCells: [String: (line: Int, text: String)] = [:]
        var amountColumns: [String: Int] = [:]
        var locHeader = ["#name", "region", "country", "latitude", "longitude", "location_type", "conflict_date", "population"]
        if let table = readTable(locFile, required: true, maxRows: limits.maxLocations) {
            if let h = table.header { locHeader = h }
            let width = table.header?.count ?? 8
            var seen = Set<String>()
            for r in table.rows {
                let rp = "\(locFile) row \(r.line)"
                if r.cells.count != width {
                    csvReport(locFile, r, cell: min(r.cells.count, width) - 1, rp, .columnCount,
                              "\(r.cells.count) cells", expected: "\(width) (as in the header: name, region, country, latitude, longitude, location_type, conflict_date, population\(width > 8 ? ", attributes" : ""))")
                }
                // Flee's eight columns are read by position whatever the header
                // says: a short header must not let a short row through (fuzzer find).
                if r.cells.count < 8 {
                    if r.cells.count == width {
                        csvReport(locFile, r, cell: r.cells.count - 1, rp, .columnCount, "\(r.cells.count) cells",
                                  expected: "at least 8: name, region, country, latitude, longitude, location_type, conflict_date, population")
                    }
                    continue
                }
                let name = r.cells[0]
                if name.isEmpty { csvReport(locFile, r, cell: 0, rp, .missingField, "empty location name", expected: "a name"); continue }
                let lp = "\(locFile):\(name)"
                if seen.contains(name) { csvReport(locFile, r, cell: 0, lp, .duplicateId, "location '\(name)' is defined twice") }
                seen.insert(name)
                func num(_ i: Int, _ field: String, _ range: ClosedRange<Double>) -> Double? {
                    guard let v = Double(r.cells[i]) else {
                        csvReport(locFile, r, cell: i, "\(lp).\(field)", .wrongType, "'\(r.cells[i])' is not a number", expected: "a number"); return nil
                    }
                    guard v.isFinite else { csvReport(locFile, r, cell: i, "\(lp).\(field)", .nonFinite, "\(field) is \(r.cells[i])", expected: "a finite number"); return nil }
                    guard range.contains(v) else {
                        csvReport(locFile, r, cell: i, "\(lp).\(field)", .outOfRange, "\(field) \(r.cells[i]) is out of range", expected: "within [\(fmt(range.lowerBound)), \(fmt(range.upperBound))]"); return nil
                    }
                    return v
                }
                let lat = num(3, "latitude", ValueBounds.latitude), lon = num(4, "longitude", ValueBounds.longitude)
                let type = r.cells[5]
                let kind = LocationKind(fleeType: type)
                if kind == nil {
                    let known = ["town", "conflict_zone", "camp", "idpcamp", "forwarding_hub", "marker", "default"]
                    csvReport(locFile, r, cell: 5, "\(lp).location_type", .unknownLocationType, "unknown location type '\(type)'",
                              expected: known.joined(separator: ", "), suggestion: closestMatch(type, in: known))
                }
                var conflictDate: Int?
                if !r.cells[6].isEmpty {
                    if let d = Int(r.cells[6]) {
                        if ValueBounds.day.contains(Double(d)) { conflictDate = d } else {
                            csvReport(locFile, r, cell: 6, "\(lp).conflict_date", .outOfRange, "conflict_date \(d) is out of range", expected: "a day within \(ValueBounds.describe(ValueBounds.day))")
                        }
                    } else {
                        csvReport(locFile, r, cell: 6, "\(lp).conflict_date", .wrongType, "'\(r.cells[6])' is not a whole day", expected: "an integer day or empty")
                    }
                }
                var cellValue: Double?
                let popField = kind == .camp || kind == .idpCamp ? "capacity" : "population"
                if !r.cells[7].isEmpty {
                    if let v = Double(r.cells[7]) {
                        if !v.isFinite { csvReport(locFile, r, cell: 7, "\(lp).\(popField)", .nonFinite, "\(popField) is \(r.cells[7])", expected: "a whole number ≥ 0") }
                        else if v < 0 { csvReport(locFile, r, cell: 7, "\(lp).\(popField)", .negativeValue, "\(popField) \(r.cells[7]) is negative", expected: "a whole number ≥ 0") }
                        else if v != v.rounded() { csvReport(locFile, r, cell: 7, "\(lp).\(popField)", .wrongType, "\(popField) \(r.cells[7]) is not whole", expected: "a whole number ≥ 0") }
                        else if v > ValueBounds.people.upperBound {
                            csvReport(locFile, r, cell: 7, "\(lp).\(popField)", .outOfRange, "\(popField) \(r.cells[7]) is out of range", expected: "at most \(fmt(ValueBounds.people.upperBound))")
                        }
                        else { cellValue = v }
                    } else {
                        csvReport(locFile, r, cell: 7, "\(lp).\(popField)", .wrongType, "'\(r.cells[7])' is not a number", expected: "a whole number ≥ 0 or empty")
                    }
                }
                if let v = cellValue { tableAmounts[name] = v }
                if !r.cells[7].isEmpty { writtenCells.insert(name) }
                amountColumns[name] = r.columns[7]
                amountCells[name] = (r.line, r.cells[7])
                let info = places[name]
                let rowProv = info?.prov ?? gprov
                if rowProv.isEmpty {
                    csvReport(locFile, r, cell: 0, lp, .missingProvenance, "the numbers of location '\(name)' have no provenance",
                              expected: "geography.places.\(name).source in scenario.yaml, or a table-wide geography.source")
                }
                var amount: Location.Amount = .empty
                let isCamp = kind == .camp || kind == .idpCamp
                if let w = info?.weight {
                    amount = .share(weight: w)
                    if isCamp { y.report(.inconsistent, info!.node, "geography.places.\(name)", "a camp has a capacity, not a population weight") }
                } else if let q = isCamp ? info?.capacity : info?.population {
                    amount = .value(q)
                    // The table holds the nominal value (the median), so Flee run on
                    // the tables and Fulcrum's nominal run see the same numbers. A value past
                    // its bound was refused where it was read: no cell is asked to hold it.
                    if ValueBounds.people.contains(q.nominal), (cellValue.map { abs($0 - q.nominal.rounded()) > 1 } ?? false) || r.cells[7].isEmpty {
                        determinedCell(locFile, line: r.line, column: r.columns[7], cell: 7, path: "\(lp).\(popField)", holds: r.cells[7],
                                       should: fmt(q.nominal.rounded()), by: "the nominal value (median) of scenario.yaml's \(q.distribution.name) for the \(popField)")
                    }
                } else if let wrong = isCamp ? info?.population : info?.capacity {
                    y.report(.inconsistent, info!.node, "geography.places.\(name)", "'\(name)' is a \(isCamp ? "camp: give its capacity" : "non-camp: give its population")")
                    _ = wrong
                } else if let v = cellValue {
                    amount = .value(Quantity(.fixed(v), provenance: rowProv, origin: SourceLocation(file: locFile, line: r.line, column: r.columns[7])))
                }
                var attrs: [String: String] = [:]
                if r.cells.count > 8, let h = table.header, h.count > 8 { for i in 8..<min(r.cells.count, h.count) { attrs[h[i]] = r.cells[i] } }
                // The attributes Flee reads: numbers within their bounds, or empty.
                var badAttribute = false
                for (i, key) in (table.header ?? []).enumerated() where i >= 8 && i < r.cells.count && !r.cells[i].isEmpty {
                    let range: ClosedRange<Double>
                    switch key { case "conflict_intensity": range = ValueBounds.conflictIntensity
                                 case "deactivation_probability": range = ValueBounds.probability
                                 default: continue }
                    guard let v = Double(r.cells[i]), v.isFinite, range.contains(v) else {
                        csvReport(locFile, r, cell: i, "\(lp).\(key)", .outOfRange, "\(key) '\(r.cells[i])' is out of range",
                                  expected: "a number within \(ValueBounds.describe(range)), or empty")
                        badAttribute = true
                        continue
                    }
                }
                if let lat, let lon, let kind, !badAttribute {
                    locations.append(Location(name: name, region: r.cells[1], country: r.cells[2], latitude: lat, longitude: lon,
                                              type: type, kind: kind, conflictDate: conflictDate, amount: amount,
                                              attributes: attrs, provenance: rowProv, line: r.line))
                }
            }
            for (name, info) in places where !seen.contains(name) {
                y.report(.unresolvedReference, info.keyNode, "geography.places.\(name)", "no location '\(name)' in \(locFile)",
                         expected: "a name from \(locFile)", suggestion: closestMatch(name, in: seen))
            }
        }
        var geo = Geography(locations: locations, routes: [], closures: [], populationTotal: total, roadFactor: roadFactor,
                            locationsHeader: locHeader, routesHeader: ["#name1", "name2", "distance", "forced_redirection"])
        // Derived populations must match what the table says (Flee reads the table).
        for (l, amount) in zip(locations, geo.amounts) {
            guard case .share = l.amount else { continue }
            let derived = amount.rounded()
            // An invalid cell was reported where it was read; only an empty or disagreeing one is here.
            let cell = tableAmounts[l.name]
            let wrong = cell.map { abs(derived - $0) > 1 } ?? !writtenCells.contains(l.name)
            if wrong {
                determinedCell(locFile, line: l.line, column: amountColumns[l.name] ?? 0, cell: 7, path: "\(locFile):\(l.name).population",
                               holds: amountCells[l.name]?.text ?? "", should: fmt(derived), by: "population_total × the weight's share")
            }
        }
        let names = Set(locations.map(\.name))
        let byName = Dictionary(locations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        // routes.csv
        if let table = readTable(routeFile, required: true, maxRows: limits.maxRoutes) {
            if let h = table.header { geo.routesHeader = h }
            let width = table.header?.count
            var usedLinks = Set<String>()
            for r in table.rows {
                let rp = "\(routeFile) row \(r.line)"
                // Flee reads the forced_redirection column and link attributes only when
                // present, so a row may stop after the distance.
                let most = max(4, width ?? 4)
                if !(3...most).contains(r.cells.count) {
                    csvReport(routeFile, r, cell: r.cells.count - 1, rp, .columnCount, "\(r.cells.count) cells",
                              expected: "3 to \(most): name1, name2, distance[, forced_redirection\(most > 4 ? ", attributes as in the header" : "")]")
                    if r.cells.count < 3 { continue }
                }
                let from = r.cells[0], to = r.cells[1]
                if from == to {
                    csvReport(routeFile, r, cell: 1, rp, .inconsistent, "a route from '\(from)' to itself", expected: "two different places")
                    continue
                }
                for (i, n) in [(0, from), (1, to)] where !names.contains(n) && !locations.isEmpty {
                    csvReport(routeFile, r, cell: i, rp, .unresolvedReference, "route to undefined place '\(n)'",
                              expected: "a name from \(locFile)", suggestion: closestMatch(n, in: names))
                }
                let key = "\(from)--\(to)", rev = "\(to)--\(from)"
                let info = links[key] ?? links[rev]
                if links[key] != nil { usedLinks.insert(key) } else if links[rev] != nil { usedLinks.insert(rev) }
                // A distance given in the sidecar carries its own source (the row's only number).
                var prov = info?.prov ?? gprov
                if prov.isEmpty, let own = info?.distance?.provenance { prov = own }
                if prov.isEmpty, info?.distance == nil {   // a sidecar distance without one is reported where it is written
                    csvReport(routeFile, r, cell: 2, "\(routeFile):\(key).distance", .missingProvenance, "the distance \(from)–\(to) has no provenance",
                              expected: "geography.links.\(key).source in scenario.yaml, or a table-wide geography.source")
                }
                var cell: Double?
                let determined = info?.greatCircle == true || info?.distance != nil
                if r.cells[2].isEmpty && determined {
                    // Filled in below, once the distance is known.
                } else if let v = Double(r.cells[2]) {
                    if !v.isFinite { csvReport(routeFile, r, cell: 2, "\(routeFile):\(key).distance", .nonFinite, "distance is \(r.cells[2])", expected: "a finite distance in km") }
                    else if v < 0 { csvReport(routeFile, r, cell: 2, "\(routeFile):\(key).distance", .negativeValue, "distance \(r.cells[2]) is negative", expected: "a distance ≥ 0 km") }
                    else if !ValueBounds.distanceKm.contains(v) {
                        csvReport(routeFile, r, cell: 2, "\(routeFile):\(key).distance", .outOfRange, "distance \(r.cells[2]) is out of range", expected: "at most \(fmt(ValueBounds.distanceKm.upperBound)) km")
                    }
                    else { cell = v }
                } else {
                    csvReport(routeFile, r, cell: 2, "\(routeFile):\(key).distance", .wrongType, "'\(r.cells[2])' is not a number", expected: "a distance in km")
                }
                let forced = r.cells.count > 3 ? r.cells[3] : ""
                if !["", "0", "1", "2"].contains(forced) {
                    csvReport(routeFile, r, cell: 3, "\(routeFile):\(key).forced_redirection", .outOfRange, "'\(forced)' is not a forced_redirection value", expected: "0, 1, 2 or empty")
                }
                var distance: Route.Distance?
                if let info, info.greatCircle { distance = .greatCircle }
                else if let q = info?.distance {
                    distance = .value(q)
                    if ValueBounds.distanceKm.contains(q.nominal), (cell.map { abs($0 - q.nominal) > 0.051 } ?? false) || r.cells[2].isEmpty {
                        determinedCell(routeFile, line: r.line, column: r.columns[2], cell: 2, path: "\(routeFile):\(key).distance", holds: r.cells[2],
                                       should: String(format: "%.1f", q.nominal), by: "the nominal value (median) of scenario.yaml's \(q.distribution.name) for the distance")
                    }
                } else if let v = cell {
                    distance = .value(Quantity(.fixed(v), provenance: prov, origin: SourceLocation(file: routeFile, line: r.line, column: r.columns[2])))
                }
                var attrs: [String: String] = [:]
                if r.cells.count > 4, let h = table.header, h.count > 4 { for i in 4..<min(r.cells.count, h.count) { attrs[h[i]] = r.cells[i] } }   // a header shorter than 4 trapped (fuzzer find)
                guard let distance else { continue }
                let route = Route(from: from, to: to, distance: distance, forcedRedirection: forced, attributes: attrs, provenance: prov, line: r.line)
                if case .greatCircle = distance, names.contains(from), names.contains(to) {
                    let derived = geo.distance(of: route) { byName[$0] }
                    if (cell.map { abs(derived - $0) > 0.051 } ?? false) || r.cells[2].isEmpty {
                        determinedCell(routeFile, line: r.line, column: r.columns[2], cell: 2, path: "\(routeFile):\(key).distance", holds: r.cells[2],
                                       should: String(format: "%.1f", derived), by: "great-circle km × road_factor")
                    }
                }
                geo.routes.append(route)
            }
            for (key, info) in links where !usedLinks.contains(key) {
                y.report(.unresolvedReference, info.keyNode, "geography.links.\(key)", "no route '\(key)' in \(routeFile)",
                         expected: "'name1--name2' of a row of \(routeFile)")
            }
        }

        // closures.csv (optional)
        if let table = readTable(closureFile, required: false, maxRows: limits.maxRoutes) {
            let countries = Set(locations.map(\.country))
            var used = Set<String>()
            for r in table.rows {
                let rp = "\(closureFile) row \(r.line)"
                guard r.cells.count == 5 else {
                    csvReport(closureFile, r, cell: r.cells.count - 1, rp, .columnCount, "\(r.cells.count) cells",
                              expected: "5: closure_type, name1, name2, closure_start, closure_end")
                    continue
                }
                guard let type = Closure.Kind(rawValue: r.cells[0]) else {
                    let kinds = Closure.Kind.allCases.map(\.rawValue)
                    csvReport(closureFile, r, cell: 0, "\(rp).closure_type", .outOfRange, "unknown closure type '\(r.cells[0])'",
                              expected: kinds.joined(separator: ", "), suggestion: closestMatch(r.cells[0], in: kinds))
                    continue
                }
                let pool = type == .country ? countries : names
                for i in [1, 2] where !(type == .location || type == .camp || type == .idpcamp || type == .removeForcedRedirection) || i == 1 {
                    if !pool.contains(r.cells[i]) && !locations.isEmpty {
                        csvReport(closureFile, r, cell: i, rp, .unresolvedReference,
                                  "no \(type == .country ? "country" : "location") '\(r.cells[i])' in \(locFile)",
                                  expected: "a \(type == .country ? "country" : "name") from \(locFile)", suggestion: closestMatch(r.cells[i], in: pool))
                    }
                }
                var days: [Int] = []
                for i in [3, 4] {
                    if let d = Int(r.cells[i]), d >= -1, Double(d) <= ValueBounds.day.upperBound { days.append(d) } else {
                        csvReport(closureFile, r, cell: i, "\(rp).\(i == 3 ? "closure_start" : "closure_end")", .wrongType,
                                  "'\(r.cells[i])' is not a day", expected: "an integer day ≥ 0, or -1 for never")
                    }
                }
                let key = "\(r.cells[1])--\(r.cells[2])"
                let prov = closureProv[key]?.0 ?? gprov
                if closureProv[key] != nil { used.insert(key) }
                if prov.isEmpty {
                    csvReport(closureFile, r, cell: 0, rp, .missingProvenance, "closure \(key) has no provenance",
                              expected: "geography.closures.\(key).source in scenario.yaml, or a table-wide geography.source")
                }
                if days.count == 2 {
                    geo.closures.append(Closure(type: type, name1: r.cells[1], name2: r.cells[2], startDay: days[0], endDay: days[1], provenance: prov, line: r.line))
                }
            }
            for (key, (_, kn)) in closureProv where !used.contains(key) {
                y.report(.unresolvedReference, kn, "geography.closures.\(key)", "no closure '\(key)' in \(closureFile)")
            }
        }
        return geo
    }
}
