import PuffleCore

/// Keeps each Enrichment within its `concurrency` across all of a process's workers and runs, and
/// within `ratePerSecond` when it has one, so one large run can't flood a provider.
actor ProviderGate {
    private struct Lane {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var nextStart = ContinuousClock.now
    }

    private var lanes: [String: Lane] = [:]

    /// Runs `body` once the Enrichment has a free slot and its rate allows another call.
    func run<T: Sendable>(_ definition: EnrichmentDefinition, _ body: @Sendable () async throws -> T) async throws -> T {
        await enter(definition)
        defer { Task { self.leave(definition.slug) } }
        return try await body()
    }

    private func enter(_ definition: EnrichmentDefinition) async {
        let slug = definition.slug
        if lanes[slug, default: Lane()].running >= definition.concurrency {
            await withCheckedContinuation { lanes[slug, default: Lane()].waiting.append($0) }
        } else {
            lanes[slug, default: Lane()].running += 1
        }
        guard let rate = definition.ratePerSecond, rate > 0 else { return }
        // Calls are spaced 1/rate apart: each caller books the next start time, then waits for it.
        let now = ContinuousClock.now
        let start = max(now, lanes[slug, default: Lane()].nextStart)
        lanes[slug, default: Lane()].nextStart = start + .seconds(1 / rate)
        if start > now { try? await Task.sleep(until: start) }
    }

    private func leave(_ slug: String) {
        if lanes[slug]?.waiting.isEmpty == false {
            // The slot passes straight to the next waiter.
            lanes[slug]?.waiting.removeFirst().resume()
        } else {
            lanes[slug]?.running -= 1
        }
    }
}
