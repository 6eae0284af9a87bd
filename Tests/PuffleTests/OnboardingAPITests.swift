import Foundation
import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Synchronization
import Testing

/// Onboarding reads the company website into the context; the status route says what is missing.
@Suite struct OnboardingAPITests {
    static func waitForSession(_ app: TestApp, _ id: String) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let status = try await app.call(.get, "/api/onboarding/status?sessionId=\(id)")
            if let session = status["session"], session["status"] == "completed" || session["status"] == "failed" { return status.json }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LeadSearchAPITests.TaskTimedOut()
    }

    @Test(arguments: TestBackend.available)
    func aScrapeFillsTheContextFromTheWebsiteAndHonoursRobots(backend: TestBackend) async throws {
        let site = FakeWebsite()
        try await site.run { baseURL in
            try await withTestApp(backend, workers: 1) { app in
                let before = try await app.call(.get, "/api/onboarding/status")
                #expect(before["session"] == .null)
                #expect(before["onboarding_complete"] == .bool(false))
                #expect(before["context"]?["missing"]?.arrayValue?.count == ContextReadiness.requiredFields.count)

                _ = try await app.call(.put, "/api/context", json: ["context": ["company": ["overview": "Our own words"]]])
                let started = try await app.call(.post, "/api/onboarding/start-scraping", json: ["website": .string(baseURL + "/"), "email": "jane.doe@acme.example"])
                #expect(started.status == 201)
                let sessionId = try #require(started["sessionId"]?.stringValue)
                let done = try await Self.waitForSession(app, sessionId)
                #expect(done["session"]?["status"] == "completed", "\(done["session"]?["errorMessage"] ?? .null)")
                #expect(done["session"]?["companyName"] == "Acme")
                #expect(done["onboarding_complete"] == .bool(true), "\(done["context"] ?? .null)")
                let context = try await app.call(.get, "/api/context")
                #expect(context["context"]?["company"]?["overview"] == "Our own words", "onboarding fills only what is empty")
                #expect(context["context"]?["company"]?["product"] == "Acme tracks every deal from first call to signature.")
                #expect(context["context"]?["market"]?["icpIndustries"] == ["Fintech"])
                #expect(context["profile"]?["firstName"] == "Jane")
                #expect(!site.served.withLock { $0 }.contains { $0.hasPrefix("/private") }, "robots.txt disallows /private")

                #expect(try await app.call(.get, "/api/onboarding/status?sessionId=nope").status == 404)
                #expect(try await app.call(.post, "/api/onboarding/start-scraping", json: ["website": ""]).status == 400)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnreadableSiteFailsWithItsStep(backend: TestBackend) async throws {
        try await FakeWebsite().run { baseURL in
            try await withTestApp(backend, workers: 1) { app in
                // A home page that answers 404 is tried again on each of the job's attempts, then the session fails.
                let started = try await app.call(.post, "/api/onboarding/start-scraping", json: ["website": .string(baseURL + "/gone")])
                let done = try await Self.waitForSession(app, started["sessionId"]?.stringValue ?? "")
                #expect(done["session"]?["status"] == "failed")
                #expect(done["session"]?["errorStep"] == "gathering_info")
                #expect(done["session"]?["errorMessage"]?.stringValue?.contains("404") == true)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func regenerationIsOnceADayAndWritesFreeformAtOnce(backend: TestBackend) async throws {
        let site = FakeWebsite()
        try await site.run { baseURL in
            try await withTestApp(backend, workers: 1) { app in
                #expect(try await app.call(.post, "/api/context/regenerate", json: [:]).status == 400, "no website known yet")
                _ = try await app.call(.put, "/api/context", json: ["context": ["company": ["overview": "Old words"]], "profile": ["website": .string(baseURL)]])
                let first = try await app.call(.post, "/api/context/regenerate", json: ["freeformContext": "We sell to banks too."])
                #expect(first.status == 200)
                #expect(first["success"] == .bool(true))
                let done = try await Self.waitForSession(app, first["runId"]?.stringValue ?? "")
                #expect(done["session"]?["status"] == "completed")
                let context = try await app.call(.get, "/api/context")
                #expect(context["context"]?["extra"]?["freeform"] == "We sell to banks too.")
                #expect(context["context"]?["company"]?["overview"] == "The CRM for sales teams at fintech startups.", "a regeneration rewrites drafted fields")
                let second = try await app.call(.post, "/api/context/regenerate", json: [:])
                #expect(second.status == 429)
                #expect(second.errorCode == "rate_limited")
                #expect(second["nextAvailableAt"]?.stringValue != nil)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func provisioningGrantsTheFreePlanOnce(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 0) { app in
            #expect(try await app.call(.post, "/api/credits/provision")["provisioned"] == .bool(true))
            #expect(try await app.call(.get, "/api/credits")["balance"] == .integer(1000))
            let again = try await app.call(.post, "/api/credits/provision")
            #expect(again["provisioned"] == .bool(false))
            #expect(again["reason"] == "already_has_plan")
            #expect(try await app.call(.get, "/api/credits")["balance"] == .integer(1000))
        }
    }
}
