import Foundation
import Scenario
import Testing
@testable import Crisis

/// People present, on the roads and travelling each route, checked against conservation
/// laws that hold in every sample whatever the random draws.
struct FlowTests {
    @Test func gridIsEveryKthDayPlusTheLast() {
        #expect(ScheduleRun.grid(days: 10) == Array(0..<10))
        #expect(ScheduleRun.grid(days: 30) == Array(0..<30))
        // 31 days: step 2 (15 intervals of 2 reach day 30, the last).
        #expect(ScheduleRun.grid(days: 31) == Array(stride(from: 0, through: 30, by: 2)))
        let idlib = ScheduleRun.grid(days: 180)
        #expect(idlib.count == 31)
        #expect(idlib.first == 0 && idlib.last == 179)
        #expect(idlib.dropLast() == ArraySlice(stride(from: 0, to: 180, by: 6)))
        #expect(ScheduleRun.grid(days: 1) == [0])
    }

    /// Two-branch toy, schedule `war`: 649 people leave Hilltown over 10 days (hand-worked
    /// in `branchConsequencesAreExact`); nobody is removed. Every grid day, people at
    /// Hilltown + at Camp + on the road = people displaced so far. Over the run, people
    /// who travelled into each place = its arrivals; Camp's net inflow covers who is there.
    @Test func populationAndRouteFlowsConservePeopleInOneSample() throws {
        let s = try Fixtures.twoBranch()
        let model = try CrisisRunner.prepare(s, options: CrisisRunOptions(samples: 1, seed: 9))
        let run = try #require(model.sample(0).world.evaluation.runs["war"])
        #expect(run.gridDays == Array(0..<10))
        #expect(run.displacedByDay.last == 649)
        for (g, day) in run.gridDays.enumerated() {
            let present = run.presentLocations.indices.reduce(0) { $0 + run.present($1)[g] }
            #expect(present + Double(run.inTransitOnGrid[g]) == run.displacedByDay[day], "day \(day)")
        }
        let hill = try #require(run.locations.firstIndex(of: "Hilltown"))
        let camp = try #require(run.locations.firstIndex(of: "Camp"))
        func flow(_ a: Int, _ b: Int) -> Double { run.routeFlows.first { $0.from == a && $0.to == b }?.people ?? 0 }
        #expect(flow(hill, camp) == run.arrivalsByLocation[camp])
        #expect(flow(camp, hill) == run.arrivalsByLocation[hill])
        #expect(flow(hill, camp) > 0)
        let atCamp = run.presentLocations.firstIndex(of: camp).map { run.present($0).last! } ?? 0
        // In at the camp − out of it = who is there + who left it and is still on the road.
        let net = flow(hill, camp) - flow(camp, hill)
        #expect(net >= atCamp)
        #expect(net - atCamp <= Double(run.inTransitOnGrid.last!))
        // Everyone who ever reached the camp came along the one route; nobody travels more than spawned.
        #expect(flow(hill, camp) <= 649 + flow(camp, hill))
    }

    /// The result's bands over one sample are that sample's figures; over many, the
    /// places and routes are the union of the samples', in order, with consistent bands.
    @Test func aggregatedBandsMatchTheSamples() throws {
        let s = try Fixtures.twoBranch()
        let options = CrisisRunOptions(samples: 1, seed: 9, sweepSteps: 2)
        let one = try CrisisRunner.run(s, options: options)
        let run = try CrisisRunner.prepare(s, options: options).sample(0).world.evaluation.runs["war"]!
        let war = try #require(one.schedules.first { $0.id == "war" })
        #expect(war.populationDays == run.gridDays)
        let byPlace = try #require(war.populationByLocation)
        #expect(Set(byPlace.keys) == Set(run.presentLocations.map { run.locations[$0] }))
        for (k, l) in run.presentLocations.enumerated() {
            #expect(byPlace[run.locations[l]]?.median == run.present(k))
            #expect(byPlace[run.locations[l]]?.p05 == run.present(k))
        }
        #expect(war.inTransit?.median == run.inTransitOnGrid.map(Double.init))
        #expect(war.routeFlows?.map(\.people.median) == run.routeFlows.map(\.people))
        #expect(war.routeFlows?.map { "\($0.from)>\($0.to)" } == run.routeFlows.map { "\(run.locations[$0.from])>\(run.locations[$0.to])" })
        // Net movement: this way minus the way back, opposite on the two directions.
        let there = try #require(war.routeFlows?.first { $0.from == "Hilltown" && $0.to == "Camp" })
        let back = war.routeFlows?.first { $0.from == "Camp" && $0.to == "Hilltown" }
        #expect(there.net.median == there.people.median - (back?.people.median ?? 0))
        if let back { #expect(back.net.median == -there.net.median) }

        let many = try CrisisRunner.run(s, options: .init(samples: 40, seed: 9, sweepSteps: 2))
        let w = try #require(many.schedules.first { $0.id == "war" })
        for (_, b) in try #require(w.populationByLocation) {
            #expect(b.median.count == w.populationDays?.count)
            for i in b.median.indices { #expect(b.p05[i] <= b.median[i] && b.median[i] <= b.p95[i]) }
        }
        // Flows into the camp are its arrivals in every sample, so their summaries agree.
        let into = try #require(w.routeFlows?.first { $0.to == "Camp" })
        #expect(into.people == w.arrivalsByLocation["Camp"])
        // Nobody is displaced in the `calm` schedule: no places hold anyone, no routes are used.
        let calm = try #require(many.schedules.first { $0.id != "war" })
        #expect(calm.populationByLocation?.isEmpty == true)
        #expect(calm.routeFlows?.isEmpty == true)
    }
}
