import ArgumentParser
import Foundation
import Logging
import PuffleCore
import PuffleJobs
import PuffleMail
import PuffleStore

extension Bench {
    /// `puffle bench campaign`: a one-step campaign from launch to the last message accepted by a
    /// local sink, through the real engine (reservations, SMTP, outcomes), DKIM-signed.
    struct CampaignSend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaign",
            abstract: "A one-step email campaign from launch to the last message a local sink accepts: messages/s, the sink's ceiling, peak RSS.")
        @Option(help: "Prospects (one message each)") var prospects: Int = 10_000
        @Option(name: .customLong("database-url"), help: "postgres://... to measure PostgreSQL (a throwaway schema is created); default: a temporary SQLite file")
        var databaseURL: String?
        @Flag(help: "Send without DKIM signatures") var unsigned = false

        func run() async throws {
            let sink = try await SMTPSink.start()
            defer { Task { await sink.stop() } }
            let (database, cleanup) = try await Bench.temporaryDatabase(databaseURL, name: "campaign")
            do {
                try await measure(database, sink: sink)
            } catch {
                await cleanup()
                throw error
            }
            await cleanup()
        }

        private func measure(_ database: PuffleDatabase, sink: SMTPSink) async throws {
            let stores = Stores.sql(database, secrets: try SecretBox(keyText: SecretBox.generateKeyText()))
            let (workspace, _) = try await stores.workspaces.createWorkspace(name: "bench", account: Account(email: "bench@bench.example"), credits: 0)
            // A sender sends at most 150 a day: enough senders, all on one signing domain relaying to the sink.
            let senderIds = try await makeSenders(stores, workspaceId: workspace.id, port: sink.port, count: (prospects + SenderLimits.maxDaily - 1) / SenderLimits.maxDaily)
            let campaignId = try await makeCampaign(stores, workspaceId: workspace.id, senderIds: senderIds)
            let engine = databaseURL == nil ? "SQLite" : "PostgreSQL"
            print("engine: \(engine); \(prospects) prospects, \(senderIds.count) senders, \(unsigned ? "unsigned" : "DKIM rsa-sha256 2048"); sink on 127.0.0.1:\(sink.port)")

            let handler = CampaignDispatchHandler(
                campaigns: stores.campaigns, senders: stores.senders, workspaces: stores.workspaces, mailer: SMTPCampaignMailer(clock: stores.clock),
                publicBaseURL: "https://bench.example", replyWindow: .zero, clock: stores.clock, logger: Logger(label: "bench"))
            let before = sink.count
            let start = ContinuousClock.now
            let now = stores.clock.now()
            _ = try await stores.campaigns.transition(id: campaignId, workspaceId: workspace.id, from: [.draft], to: .launching, pauseReason: nil, now: now)
            _ = try await stores.campaigns.start(campaignId: campaignId, nextPosition: 0, dueAt: now, now: now)
            let job = Job.standalone(id: "bench", kind: CampaignDispatch.jobKind, at: now)
            while try await stores.campaigns.campaign(id: campaignId, workspaceId: workspace.id).status != .completed {
                try await handler.run(job, context: .standalone(jobId: job.id))
            }
            let seconds = (ContinuousClock.now - start).seconds
            let accepted = sink.count - before
            guard accepted == prospects else { throw ValidationError("the sink accepted \(accepted) of \(prospects) messages") }
            let rate = Double(prospects) / seconds
            let ceiling = try await SMTP.sinkCeiling(sink, connections: 8, messages: prospects)
            print(String(format: "campaign:   %.0f msg/s, launch to last message accepted (%.2f s)", rate, seconds))
            print(String(format: "sink alone: %.0f msg/s; the campaign ran at %.2f of it", ceiling, rate / ceiling))
            print("peak RSS:   \(Bench.peakRSSMegabytes()) MB (engine, database and sink in one process)")
        }

        private func makeSenders(_ stores: Stores, workspaceId: String, port: Int, count: Int) async throws -> [String] {
            let relay = MailServerSettings(host: "127.0.0.1", port: port, security: .none, username: "bench", password: "bench")
            let (pem, record) = try DKIMSigner.generateKey()
            var domain = try await stores.senders.createDomain(NewEmailDomain(
                workspaceId: workspaceId, domain: "bench.example", dkimSelector: "puffle1", dkimPrivateKeyPEM: pem,
                records: [DomainRecord(purpose: .dkim, type: "TXT", name: "puffle1._domainkey.bench.example", value: record, required: true, check: .verified)],
                smtp: relay, imap: nil))
            let read = domain.updatedAt
            domain.status = .verified
            domain.verifiedAt = stores.clock.now()
            _ = try await stores.senders.saveCheck(domain, readAt: read)
            var ids: [String] = []
            for index in 0..<count {
                let account = try await stores.senders.createAccount(NewSenderAccount(
                    workspaceId: workspaceId, emailAddress: "sender\(index)@\(unsigned ? "unsigned.example" : "bench.example")", displayName: "Sender \(index)",
                    firstName: "Sender", lastName: nil, signature: nil, dailyLimit: SenderLimits.maxDaily, domainId: unsigned ? nil : domain.id,
                    smtp: unsigned ? relay : nil, imap: nil, status: .active, warmupStatus: .active, lastError: nil, warmupStartedAt: nil))
                ids.append(account.id)
            }
            return ids
        }

        private func makeCampaign(_ stores: Stores, workspaceId: String, senderIds: [String]) async throws -> String {
            let now = stores.clock.now()
            var settings = CampaignSettings.defaults(name: "bench", type: .email)
            settings.dailyLimit = 10_000
            let campaign = Campaign(
                id: SortableID.make(), workspaceId: workspaceId, type: .email, status: .draft, settings: settings, senderIds: senderIds, pauseReason: nil,
                launchedAt: nil, createdAt: now, updatedAt: now)
            var nodes = CampaignSequence.seed(campaignId: campaign.id, type: .email, makeId: SortableID.make)
            nodes[0].subject = "Quick question about %company%"
            nodes[0].body = String(repeating: "Hi %first_name|there%, a few lines of a first outreach message that reads like a person wrote it.\n", count: 8)
            _ = try await stores.campaigns.create(campaign, nodes: nodes)
            for start in stride(from: 0, to: prospects, by: 1000) {
                let batch = (start..<min(start + 1000, prospects)).map { index in
                    ProspectFields(email: "lead\(index)@solaris.example", firstName: "Lead", lastName: "\(index)", name: "Lead \(index)", company: "Solaris \(index)")
                }
                _ = try await stores.campaigns.addProspects(campaignId: campaign.id, workspaceId: workspaceId, batch, source: "api", sourceRef: nil, now: now)
            }
            return campaign.id
        }
    }
}
