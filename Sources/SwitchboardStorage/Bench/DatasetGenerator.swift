import Foundation
import SwitchboardCore

/// Generates a realistic help-desk account from a ``BenchDatasetSpec``, deterministically (seeded).
///
/// Tickets are spread over two years in creation order; about 3 messages each (customer first, then agent and
/// customer in turn), topic-consistent subjects, texts and tags; 85% assigned to an agent of a team. Old tickets end
/// solved and, four days later, closed by the system; the last weeks hold the live backlog (new, open, pending,
/// on hold). Every ticket's first message quotes a unique order number (``orderNumber(ticket:seed:)``), so each has
/// a rare search word. Each ticket is generated from its own random stream, so any range can be generated alone.
public struct DatasetGenerator: Sendable {
    public let spec: BenchDatasetSpec

    public init(spec: BenchDatasetSpec) {
        self.spec = spec
    }

    /// A word that occurs in exactly one ticket (its first message), for the rare-word search.
    public static func orderNumber(ticket index: Int, seed: UInt64) -> String {
        let offset = Int(seed % 1_000_000)
        return String((index &* 7_919 &+ offset) % 9_000_000 + 1_000_000)
    }

    /// The agents, teams, organizations, contacts and inboxes.
    public func directory() -> BenchDirectory {
        var random = BenchRandom(seed: spec.seed, stream: 0xD1EC)
        let domain = "bench\(spec.seed).example.com"
        let teams = Array(SupportPhrases.teamNames.prefix(spec.teams))
        let agents = (0..<spec.agents).map { index -> BenchAgent in
            let first = random.pick(SupportPhrases.firstNames)
            let last = random.pick(SupportPhrases.lastNames)
            return BenchAgent(
                name: "\(first) \(last)", email: "agent\(index + 1)@\(domain)", role: index == 0 ? .admin : .agent,
                team: index % teams.count)
        }
        let organizations = (0..<spec.organizations).map { index -> BenchOrganization in
            let name = "\(random.pick(SupportPhrases.companyWords)) \(random.pick(SupportPhrases.companySuffixes))"
            return BenchOrganization(
                name: "\(name) \(index + 1)", domain: "org\(index + 1).customers\(spec.seed).example",
                tier: random.weighted([("standard", 70), ("premium", 25), ("enterprise", 5)]))
        }
        let span = spec.end.timeIntervalSince(spec.start)
        let contacts = (0..<spec.contacts).map { index -> BenchContact in
            let first = random.pick(SupportPhrases.firstNames)
            let last = random.pick(SupportPhrases.lastNames)
            let organization: Int? = random.unit() < 0.6 ? random.below(organizations.count) : nil
            let host = organization.map { organizations[$0].domain } ?? random.pick(SupportPhrases.freeMailDomains)
            let created = spec.start.addingTimeInterval(span * Double(index) / Double(spec.contacts) - 86_400)
            return BenchContact(
                name: "\(first) \(last)", email: "\(first.lowercased()).\(last.lowercased()).\(index + 1)@\(host)",
                organization: organization, createdAt: created)
        }
        let inboxes = [
            BenchInbox(name: "Support email", channel: .email, emailAddress: "support@\(domain)"),
            BenchInbox(name: "Contact form", channel: .webForm, emailAddress: nil),
            BenchInbox(name: "Website chat", channel: .chat, emailAddress: nil),
            BenchInbox(name: "Phone line", channel: .phone, emailAddress: nil),
            BenchInbox(name: "API", channel: .api, emailAddress: nil),
        ]
        return BenchDirectory(
            accountName: "Bench \(spec.seed)", agents: agents, teams: teams, organizations: organizations,
            contacts: contacts, inboxes: inboxes)
    }

    /// The tickets with indexes in `range`, in order.
    public func tickets(_ range: Range<Int>) -> [BenchTicketScript] {
        range.map(ticket)
    }

    /// The ticket with this index.
    public func ticket(_ index: Int) -> BenchTicketScript {
        var random = BenchRandom(seed: spec.seed, stream: UInt64(index) &+ 1)
        let topic = random.pick(SupportPhrases.topics)
        let span = spec.end.timeIntervalSince(spec.start)
        let created = Timestamp.rounded(
            spec.start.addingTimeInterval(span * (Double(index) + random.unit()) / Double(max(spec.tickets, 1))))
        let agent: Int? = random.unit() < 0.85 ? random.below(spec.agents) : nil
        let team: Int? = agent.map { $0 % spec.teams } ?? (random.unit() < 0.6 ? random.below(spec.teams) : nil)
        var tags = [random.pick(topic.tags)]
        if random.unit() < 0.4 { tags.append(random.pick(topic.tags)) }
        if random.unit() < 0.25 { tags.append(random.pick(SupportPhrases.extraTags)) }
        // Requesters are skewed: a few customers write often.
        let requester = Int(pow(random.unit(), 1.6) * Double(spec.contacts)) % spec.contacts
        let body = customerFirstMessage(topic: topic, index: index, random: &random)
        let script = BenchTicketScript(
            index: index, subject: random.pick(topic.subjects), body: body,
            priority: random.weighted([(.low, 15), (.normal, 60), (.high, 20), (.urgent, 5)]),
            type: random.weighted([
                (TicketType.question, 40), (.incident, 25), (.problem, 10), (.task, 8), (.complaint, 7),
                (.feedback, 6), (.lead, 4),
            ]),
            inbox: random.weighted([(0, 60), (1, 15), (2, 15), (3, 5), (4, 5)]), requester: requester,
            assignee: agent, team: team, tags: tags, createdAt: created, steps: [])
        var scripted = script
        if index == spec.longThreadIndex {
            scripted.steps = longThread(from: created, agent: agent ?? 0, topic: topic, random: &random)
        } else {
            scripted.steps = life(from: created, agent: agent ?? random.below(spec.agents), topic: topic,
                                  random: &random)
        }
        return scripted
    }

    // MARK: - A ticket's life

    private func life(
        from created: Date, agent: Int, topic: SupportPhrases.Topic, random: inout BenchRandom
    ) -> [BenchStep] {
        let messages = random.weighted([(1, 5), (2, 35), (3, 22), (4, 20), (5, 10), (6, 5), (8, 3)])
        var steps: [BenchStep] = []
        var time = created
        var status = TicketStatus.new
        var solvedAt: Date?
        func later(hours mean: Double) -> Date {
            let hours = -log(max(random.unit(), 1e-9)) * mean
            return Timestamp.rounded(time.addingTimeInterval(60 + hours * 3_600))
        }
        if random.unit() < 0.08 {
            time = later(hours: 2)
            guard time < spec.end else { return steps }
            steps.append(.message(kind: .note, agent: agent, text: random.pick(SupportPhrases.notes),
                                  statusAfterReply: nil, at: time))
        }
        for position in 1..<max(messages, 1) {
            let outbound = position % 2 == 1
            time = later(hours: outbound ? 6 : 20)
            guard time < spec.end else { return steps }
            if outbound {
                let last = position == messages - 1
                let chosen: TicketStatus =
                    last
                    ? random.weighted([(TicketStatus.solved, 85), (.pending, 15)])
                    : random.weighted([(TicketStatus.pending, 60), (.onHold, 5), (.open, 35)])
                steps.append(.message(kind: .outbound, agent: agent, text: agentReply(topic, agent, &random),
                                      statusAfterReply: chosen == .open ? nil : chosen, at: time))
                status = chosen == .open ? .open : chosen
            } else {
                steps.append(.message(kind: .inbound, agent: nil, text: customerReply(&random),
                                      statusAfterReply: nil, at: time))
                status = .open
            }
            if status == .solved { solvedAt = time }
        }
        if status != .solved {
            time = later(hours: 30)
            guard time < spec.end else { return steps }
            steps.append(.setStatus(.solved, agent: agent, at: time))
            solvedAt = time
        }
        if let solvedAt {
            let close = Timestamp.rounded(solvedAt.addingTimeInterval(4 * 86_400))
            if close < spec.end { steps.append(.setStatus(.closed, agent: nil, at: close)) }
        }
        return steps
    }

    private func longThread(
        from created: Date, agent: Int, topic: SupportPhrases.Topic, random: inout BenchRandom
    ) -> [BenchStep] {
        var steps: [BenchStep] = []
        for position in 1..<spec.longThreadMessages {
            let time = Timestamp.rounded(created.addingTimeInterval(Double(position) * 900))
            guard time < spec.end else { break }
            if position % 2 == 1 {
                steps.append(.message(kind: .outbound, agent: agent, text: agentReply(topic, agent, &random),
                                      statusAfterReply: .pending, at: time))
            } else {
                steps.append(.message(kind: .inbound, agent: nil, text: customerReply(&random),
                                      statusAfterReply: nil, at: time))
            }
        }
        return steps
    }

    // MARK: - Texts

    private func customerFirstMessage(topic: SupportPhrases.Topic, index: Int, random: inout BenchRandom) -> String {
        var sentences = [random.pick(SupportPhrases.greetingsCustomer), ""]
        let count = 2 + random.below(3)
        for _ in 0..<count { sentences.append(random.pick(topic.customer)) }
        sentences.append("My order number is \(Self.orderNumber(ticket: index, seed: spec.seed)).")
        sentences.append(random.pick(SupportPhrases.closingsCustomer))
        return sentences.joined(separator: " ").replacingOccurrences(of: ",  ", with: ",\n\n")
    }

    private func customerReply(_ random: inout BenchRandom) -> String {
        "\(random.pick(SupportPhrases.followUps)) \(random.pick(SupportPhrases.followUps))\n\n"
            + random.pick(SupportPhrases.closingsCustomer)
    }

    private func agentReply(_ topic: SupportPhrases.Topic, _ agent: Int, _ random: inout BenchRandom) -> String {
        var parts = [random.pick(SupportPhrases.agentOpenings), "\n\n", random.pick(topic.agent)]
        if random.unit() < 0.6 { parts += [" ", random.pick(topic.agent)] }
        parts += ["\n\n", random.pick(SupportPhrases.agentClosings), "\n\nAgent ", String(agent + 1)]
        return parts.joined()
    }
}
