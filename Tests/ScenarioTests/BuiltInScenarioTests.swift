import BoundedInput
import Foundation
import Testing
import Yams
@testable import Scenario

/// The shared reference data beside the clone (Flee instances; CI lays it out there).
let sharedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

@Suite("Built-in Idlib 2018 scenario")
struct BuiltInScenarioTests {
    let scenario: Scenario

    init() throws { scenario = try Scenario.builtIn() }

    @Test("loads from the bundle with no diagnostics")
    func loads() {
        let r = Scenario.validate(directory: Scenario.builtInDirectory)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(scenario.metadata.id == "idlib-2018")
        #expect(scenario.metadata.asOf == "2018-09-07")
    }

    /// Independent of the loader: walks the raw YAML and checks that every
    /// numeric scalar sits inside a mapping chain that has a `source:`.
    @Test("every number in scenario.yaml has provenance (raw YAML walk)")
    func rawProvenance() throws {
        let text = try String(contentsOf: Scenario.builtInDirectory.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        let root = try #require(try Yams.compose(yaml: text))
        var unsourced: [String] = []
        var numbers = 0
        func walk(_ node: Node, _ path: String, _ covered: Bool) {
            switch node {
            case .mapping(let m):
                let here = covered || m["source"] != nil
                // `sources` describes the cited documents (e.g. their paragraph count), not the crisis.
                for (k, v) in m where k.string != "source" && !(path.isEmpty && k.string == "sources") {
                    walk(v, "\(path).\(k.string ?? "?")", here)
                }
            case .sequence(let s):
                for (i, v) in s.enumerated() { walk(v, "\(path)[\(i)]", covered) }
            case .scalar:
                if node.tag.rawValue != Tag.Name.str.rawValue, node.float != nil, node.bool == nil {
                    numbers += 1
                    if !covered { unsourced.append(path) }
                }
            default: break
            }
        }
        walk(root, "", false)
        #expect(numbers > 150)
        #expect(unsourced.isEmpty, "numbers without provenance: \(unsourced)")
    }

    @Test("every loaded number, actor, branch, mechanism and table row has provenance")
    func loadedProvenance() {
        for (path, q) in scenario.quantities { #expect(!q.provenance.isEmpty, "\(path)") }
        for a in scenario.actors { #expect(!a.provenance.isEmpty, "\(a.id)") }
        for m in scenario.mechanisms { #expect(!m.provenance.isEmpty, "\(m.id)") }
        for s in scenario.schedules { #expect(!s.provenance.isEmpty, "\(s.id)") }
        for n in scenario.tree.nodes { for b in n.branches { #expect(!b.provenance.isEmpty, "\(n.path)/\(b.id)") } }
        for t in scenario.tree.terminals { #expect(!t.provenance.isEmpty, "\(t.id)") }
        for l in scenario.geography.locations { #expect(!l.provenance.isEmpty, "\(l.name)") }
        for r in scenario.geography.routes { #expect(!r.provenance.isEmpty, "\(r.key)") }
        for c in scenario.geography.closures { #expect(!c.provenance.isEmpty, "\(c.key)") }
        // Citations name the seed's paragraphs P1–P7, the facts or another declared public source
        // (census copies, OCHA/UNHCR/REACH reports); assumptions give reasons.
        var cited = Set<String>()
        let declared = Set(scenario.sources.map(\.id))
        #expect(declared.isSuperset(of: ["seed", "facts"]))
        // Every public source beyond the two files is dated and has an address.
        for src in scenario.sources where src.file == nil { #expect(src.date != nil && src.url != nil, "\(src.id)") }
        for (_, q) in scenario.quantities {
            for c in q.provenance.citations {
                switch c {
                case .source(let id, let loc):
                    #expect(declared.contains(id), "\(id)")
                    if id == "seed" { cited.insert(loc); #expect(["P1", "P2", "P3", "P4", "P5", "P6", "P7"].contains(loc)) }
                case .assumption(let reason): #expect(reason.count >= 10, "\(reason)")
                case .calibration(let summary): #expect(summary.contains("episode"), "\(summary)")
                }
            }
        }
        #expect(cited.count >= 5)
    }

    @Test("the design's actors, with civilians as the population that does not choose")
    func actors() {
        #expect(Set(scenario.actors.map(\.id)) == ["damascus", "russia", "turkey", "donors", "insurgents", "opposition", "civilians"])
        #expect(scenario.actor("civilians")?.isPlayer == false)
        #expect(scenario.actor("civilians")?.kind == .population)
        #expect(scenario.actor("donors")?.kind == .donorBloc)
        #expect(scenario.actor("insurgents")?.kind == .armedGroup)
        #expect(scenario.actor("opposition")?.kind == .politicalGroup)
        for a in scenario.actors { #expect(scenario.preferences(of: a.id) != nil, "\(a.id) has no preferences") }
        // The donors' minimum legitimacy is a threshold-form preference.
        let donors = scenario.preferences(of: "donors")!
        #expect(donors.terms.contains { $0.condition?.consequence == "process_legitimacy" && $0.condition?.comparison == .atLeast })
    }

    @Test("the design's choices form the tree")
    func choices() throws {
        let root = scenario.tree.root
        #expect(root.kind == .decision(player: "russia"))
        #expect(root.branches.map(\.id) == ["air_support", "withhold", "broker"])
        let deal = try #require(scenario.tree.node(path: "broker"))
        #expect(deal.kind == .chance)
        #expect(deal.branches.first?.probability == .parameter("p_deal_holds"))
        let ps = scenario.probabilities(at: deal)
        #expect(abs(ps.reduce(0, +) - 1) < 1e-12)
        #expect(ps[0] < 0.3)   // P4: likely to fail
        #expect(scenario.tree.node(path: "air_support")?.branches.map(\.id) == ["none", "limited", "full"])
        #expect(scenario.tree.node(path: "air_support/full")?.kind == .decision(player: "turkey"))
        #expect(scenario.tree.node(path: "air_support/full/stay")?.kind == .decision(player: "opposition"))
        #expect(scenario.tree.node(path: "air_support/full/stay/leave")?.kind == .decision(player: "donors"))
        // 3 × 8 + 3 × 8 + (8 + 3 × 8) terminal branches.
        #expect(scenario.tree.terminals.count == 80)
        let t = try #require(scenario.tree.terminals.first { $0.id == "withhold/full/collapse/leave/fund" })
        // negotiated_surrender is not set on this path: its declared default, false, is.
        #expect(t.situation == ["air_support": .bool(false), "offensive": .label("full"), "guarantor_in_process": .bool(false),
                                "opposition_in_talks": .bool(false), "donors_fund": .bool(true), "negotiated_surrender": .bool(false)])
        #expect(t.schedule == "full_ground")
        let deal2 = try #require(scenario.tree.terminals.first { $0.id == "broker/holds/stay/stay/fund" })
        #expect(deal2.schedule == "none")
        #expect(deal2.situation["negotiated_surrender"] == .bool(true))
    }

    @Test("branches share five named conflict schedules")
    func schedules() {
        let groups = scenario.terminalsBySchedule
        #expect(Set(groups.map(\.schedule)) == ["none", "limited_air", "limited_ground", "full_air", "full_ground"])
        #expect(groups.map(\.terminals.count).reduce(0, +) == 80)
        let full = scenario.schedule("full_air")!, limited = scenario.schedule("limited_air")!
        let h = scenario.metadata.horizonDays
        // A full offensive with air support is the most violent schedule.
        for s in scenario.schedules where s.id != "full_air" { #expect(s.intensityDays(horizon: h) < full.intensityDays(horizon: h)) }
        #expect(Set(limited.zones.map(\.location)).isSubset(of: Set(full.zones.map(\.location))))
        #expect(scenario.schedule("none")!.intensityDays(horizon: h) == 0)
    }

    @Test("the design's mechanisms are all used, each a library block, and the engine names none of its facts")
    func mechanisms() {
        #expect(scenario.mechanisms.compactMap(\.block) == ["offensive_viability", "conflict_deaths", "displacement_totals", "process_collapse",
                                                             "opposition_exit", "donor_threshold", "credibility_loss"])
        #expect(scenario.facts.allSatisfy { $0.declared })
        #expect(scenario.facts.map(\.name) == ["air_support", "offensive", "negotiated_surrender", "guarantor_in_process",
                                                "opposition_in_talks", "donors_fund"])
    }

    /// The population of the places that share out population_total (the NSAG-held zone).
    func sharedPopulation(_ g: Geography) -> Double {
        g.locations.filter { if case .share = $0.amount { return true }; return false }.reduce(0) { $0 + g.amount(of: $1) }
    }

    @Test("about three million people; border closed for good")
    func populationAndBorder() throws {
        let g = scenario.geography
        let zone = sharedPopulation(g)
        #expect(zone > 2_900_000 && zone < 3_100_000, "\(zone)")   // P5; facts S2: 2,987,916
        // The Turkish-held areas carry their own populations, within what facts S2 leaves for
        // NW Syria outside the NSAG-held zone (3,868,228 − 2,987,916 = 880,312).
        let held = ["Afrin", "Azaz", "al-Bab", "Jarablus"]
        let heldTotal = try held.reduce(0.0) { acc, name in
            let l = try #require(g.location(name))
            #expect(!l.isCamp, "\(name)")
            guard case .value = l.amount else { Issue.record("\(name) has no population of its own"); return acc }
            return acc + g.amount(of: l)
        }
        #expect(heldTotal > 0 && heldTotal < 880_312, "\(heldTotal)")
        #expect(abs(g.totalPopulation - zone - heldTotal) < 1)
        let closure = try #require(g.closures.first)
        #expect(closure.type == .country && closure.name1 == "Syria" && closure.name2 == "Turkey")
        #expect(closure.startDay == 0 && closure.endDay == -1)
        let turkish = g.locations.filter { $0.country == "Turkey" }
        #expect(turkish.count >= 1 && turkish.allSatisfy(\.isCamp))
        // The border camps are capacity-limited destinations with uncertain capacities.
        for name in ["Atmeh", "Qah"] {
            let l = try #require(g.location(name))
            #expect(l.isCamp, "\(name)")
            #expect(scenario.uncertainInputs.contains { $0.path == "geography.capacity.\(name)" })
        }
        // Every Syrian place names its sub-district; Dana holds its camps, crossing and Sarmada.
        #expect(g.locations.filter { $0.region == "Dana" }.map(\.name).sorted() == ["Atmeh", "Bab_al-Hawa", "Qah", "Sarmada", "al-Dana"])
        // Sampling the total moves every place of the zone proportionally, and only those.
        let low = try scenario.setting(path: "geography.population_total", to: 2_500_000)
        #expect(abs(sharedPopulation(low.geography) - 2_500_000) < 1)
        #expect(abs(low.geography.totalPopulation - 2_500_000 - heldTotal) < 1)
    }

    @Test("the facts' coordinate table: every place with a coordinate is here, at the facts' coordinates")
    func coordinatesFromFacts() throws {
        let factsURL = try sourceFile("facts")
        let facts = try String(contentsOf: factsURL, encoding: .utf8)
        let names: [String: String] = [
            "Idlib city": "Idlib", "Maarat al-Numan": "Maarat_al-Numan", "Khan Shaykhun": "Khan_Shaykhun", "Saraqib": "Saraqib",
            "Jisr al-Shughur": "Jisr_al-Shughur", "Ariha": "Ariha", "Kafr Nabl": "Kafr_Nabl", "Sarmada": "Sarmada", "al-Dana": "al-Dana",
            "Harem": "Harem", "Salqin": "Salqin", "Maarrat Misrin (Maaret Tamsrin)": "Maarrat_Misrin", "Sarmin": "Sarmin",
            "Binnish": "Binnish", "Atmeh (town)": "Atmeh", "Qah (village)": "Qah", "Bab al-Hawa crossing": "Bab_al-Hawa",
            "Afrin": "Afrin", "Azaz": "Azaz", "al-Bab": "al-Bab", "Jarablus": "Jarablus", "Aleppo": "Aleppo",
        ]
        var checked = 0
        for line in facts.components(separatedBy: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let target = names[cells[0]], let lat = Double(cells[1]), let lon = Double(cells[2]) else { continue }
            let l = try #require(scenario.geography.location(target), "\(target)")
            // Qah: the camp's own coordinates (Wikimapia, the table's cross-check column), 0.8 km from the village.
            let tolerance = target == "Qah" ? 1.0 : 0.01
            #expect(greatCircleKm(lat, lon, l.latitude, l.longitude) < tolerance, "\(target)")
            checked += 1
        }
        #expect(checked == names.count)
        #expect(checked >= 20)
    }

    @Test("great-circle distances agree with the facts' table")
    func distances() throws {
        // From facts 3.2 (haversine, R = 6371 km).
        let table: [(String, String, Double)] = [
            ("Khan_Shaykhun", "Maarat_al-Numan", 22.3), ("Maarat_al-Numan", "Saraqib", 27.6), ("Maarat_al-Numan", "Ariha", 20.9),
            ("Kafr_Nabl", "Maarat_al-Numan", 10.4), ("Saraqib", "Idlib", 16.8), ("Ariha", "Idlib", 13.0), ("Jisr_al-Shughur", "Idlib", 31.4),
            ("Idlib", "Maarrat_Misrin", 9.6), ("Maarrat_Misrin", "al-Dana", 24.2), ("al-Dana", "Sarmada", 5.9), ("al-Dana", "Atmeh", 13.1),
            ("Sarmada", "Bab_al-Hawa", 5.7), ("Harem", "Salqin", 9.0), ("Harem", "al-Dana", 22.7), ("Harem", "Bab_al-Hawa", 16.1),
            ("Jisr_al-Shughur", "Salqin", 38.2), ("al-Dana", "Afrin", 33.9), ("Atmeh", "Afrin", 27.4), ("Afrin", "Azaz", 18.1),
            ("Azaz", "al-Bab", 48.4), ("al-Bab", "Jarablus", 66.2),
        ]
        let g = scenario.nominal.geography
        let factor = g.roadFactor!.nominal
        for (a, b, km) in table {
            let la = g.location(a)!, lb = g.location(b)!
            #expect(abs(greatCircleKm(la.latitude, la.longitude, lb.latitude, lb.longitude) - km) < 0.06, "\(a)–\(b)")
            let route = try #require(g.routes.first { ($0.from, $0.to) == (a, b) || ($0.from, $0.to) == (b, a) }, "\(a)–\(b)")
            #expect(abs(g.distance(of: route) - km * factor) < 0.1, "\(a)–\(b)")
        }
        // A road factor of 1.6 stretches every great-circle route by 1.6/1.4.
        let stretched = try scenario.setting(path: "geography.road_factor", to: 1.6).geography
        let r = stretched.routes.first { $0.key == "al-Dana--Atmeh" }!
        #expect(abs(stretched.distance(of: r) - g.distance(of: r) * 1.6 / factor) < 1e-9)
    }

    /// A source's `file:`, which for the built-in scenario is a path from the repository root.
    func sourceFile(_ id: String) throws -> URL {
        let file = try #require(scenario.sources.first { $0.id == id }?.file, "source \(id) has no file")
        return packageRoot.appendingPathComponent(file)
    }

    @Test("every source the scenario names by file is in the repository's docs, dated 7 September 2018")
    func sourceFilesInRepository() throws {
        let files = scenario.sources.compactMap(\.file)
        #expect(files.sorted() == ["docs/idlib-2018/facts.md", "docs/idlib-2018/seed.txt"])
        for file in files {
            let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
            let header = text.prefix { $0 != "\n" }
            #expect(header.contains("as of 7 September 2018"), "\(file): \(header)")
        }
        // The seed holds the seven paragraphs its source entry declares, after the header.
        let seed = try String(contentsOf: try sourceFile("seed"), encoding: .utf8)
        let paragraphs = seed.components(separatedBy: "\n\n").dropFirst()
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(paragraphs.count == scenario.sources.first { $0.id == "seed" }?.paragraphs)
    }

    @Test("the seed text is cited, not copied")
    func notCopied() throws {
        let seed = try String(contentsOf: try sourceFile("seed"), encoding: .utf8)
        let yaml = try String(contentsOf: Scenario.builtInDirectory.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        // No run of eight consecutive words of the source appears in the scenario.
        let words = seed.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
        let normalized = yaml.lowercased().split { !$0.isLetter && $0 != "'" }.joined(separator: " ")
        for i in 0..<(words.count - 8) {
            let phrase = words[i..<(i + 8)].joined(separator: " ")
            #expect(!normalized.contains(phrase), "copied: \(phrase)")
        }
    }
}
