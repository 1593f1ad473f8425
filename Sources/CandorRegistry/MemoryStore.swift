import CandorCore
import Foundation

/// A store that keeps everything in memory, for tests and trials: the same answers as the SQLite and
/// PostgreSQL stores (the store conformance suite runs on all three), nothing kept after the process ends.
public actor MemoryStore: ServiceStore {
    var records: [Record] = []
    var byReference: [String: Int] = [:]
    var names: [SubjectID: String] = [:]
    var known: Set<SubjectID> = []
    var events: [SubjectID: [RecordEvent]] = [:]
    var disputes: [Dispute] = []
    var repairs: [Repair] = []
    var permits: [Permit] = []
    var officers: [Officer] = []
    var inbox: [Notice] = []
    var checkDenials: [CheckDenial] = []
    var hooks: [(webhook: Webhook, secret: Data)] = []
    var outbox: [(delivery: Delivery, ordering: String, next: Date, failed: Bool)] = []
    var nextDelivery: Int64 = 1
    var corrections: [(key: String, denial: Int64, record: Int64, notice: ProviderNotice)] = []
    var log: [AccessEntry] = []
    private var tree = MerkleTree()
    private var checkpoints: [KeptCheckpoint] = []
    private var issuedAttestations: [IssuedAttestation] = []
    private var statementTexts: [Int64: (subject: SubjectID, text: String)] = [:]
    private var keyTable: [String: (grant: KeyGrant, secretHash: String)] = [:]
    private var keyOrder: [String] = []
    private var reviews: [String: (agency: String, stars: Int)] = [:]
    private var metaValues: [String: String] = [:]
    private var sessions: [String: StoredSession] = [:]

    public init() {}

    private static func referenceKey(_ agency: String, _ reference: String) -> String { agency + "\u{0}" + reference }

    // MARK: Records

    public func submit(_ records: [Record], at time: Date) async throws -> [SubmissionOutcome] {
        submitAll(records, at: time)
    }

    public func submit(_ records: [Record], at time: Date, accessor: Accessor) async throws -> [SubmissionOutcome] {
        let outcomes = submitAll(records, at: time)
        append(AccessNote.submissions(records, outcomes: outcomes, by: accessor), at: time)
        return outcomes
    }

    private func submitAll(_ incoming: [Record], at time: Date) -> [SubmissionOutcome] {
        incoming.map { record in
            let key = Self.referenceKey(record.agency, record.reference)
            guard let index = byReference[key] else {
                var stored = record
                stored.id = Int64(records.count + 1)
                records.append(stored)
                byReference[key] = records.count - 1
                known.insert(record.subject)
                return .created(stored.id)
            }
            let stored = records[index]
            switch RecordChange(stored: stored, incoming: record) {
            case .unchanged: return .unchanged(stored.id)
            case let .refused(reason): return .refused(reason)
            case let .update(fulfilled, retracted):
                for (kind, day) in [(RecordEvent.Kind.fulfilled, fulfilled), (.retracted, retracted)] {
                    guard let day else { continue }
                    if kind == .fulfilled { records[index].fulfilled = day } else { records[index].retracted = day }
                    events[stored.subject, default: []].append(
                        RecordEvent(recordID: stored.id, kind: kind, day: day, recordedAt: time))
                }
                return .updated(stored.id)
            }
        }
    }

    public func records(of subject: SubjectID) async throws -> [Record] { records.filter { $0.subject == subject } }

    public func record(agency: String, reference: String) async throws -> Record? {
        byReference[Self.referenceKey(agency, reference)].map { records[$0] }
    }

    public func record(id: Int64) async throws -> Record? {
        id >= 1 && id <= records.count ? records[Int(id) - 1] : nil
    }

    public func events(of subject: SubjectID) async throws -> [RecordEvent] { events[subject] ?? [] }

    public func setNames(_ names: [SubjectID: String]) async throws {
        for (subject, name) in names {
            self.names[subject] = name
            known.insert(subject)
        }
    }

    public func name(of subject: SubjectID) async throws -> String? { names[subject] }

    public func subjectFiles(after subject: SubjectID?, limit: Int) async throws -> [SubjectFile] {
        let after = subject?.text ?? ""
        return known.filter { $0.text > after }.sorted { $0.text < $1.text }.prefix(max(limit, 1)).map(file)
    }

    public func file(of subject: SubjectID) async throws -> SubjectFile { fileWithOrganisations(subject) }

    func file(_ subject: SubjectID) -> SubjectFile {
        let own = records.filter { $0.subject == subject }
        let ids = Set(own.map(\.id))
        return SubjectFile(
            subject: subject, records: own, disputes: disputes.filter { ids.contains($0.recordID) },
            repairs: repairs.filter { ids.contains($0.recordID) }, permits: permits.filter { $0.subject == subject },
            roles: officers.filter { $0.person == subject })
    }

    func fileWithOrganisations(_ subject: SubjectID) -> SubjectFile {
        var file = file(subject)
        for organisation in Set(file.roles.map(\.organisation)) {
            file.organisations[organisation] = self.file(organisation)
        }
        return file
    }

    public func counts() async throws -> StoreCounts { StoreCounts(records: records.count, subjects: known.count) }

    public func recordCounts() async throws -> [RecordCount] {
        var counts: [String: [Int: Int]] = [:]
        for record in records { counts[record.agency, default: [:]][record.occurred.civil.year, default: 0] += 1 }
        return counts.keys.sorted().flatMap { agency in
            counts[agency]!.keys.sorted().map { RecordCount(agency: agency, year: $0, count: counts[agency]![$0]!) }
        }
    }

    // MARK: Disputes

    public func disputes(of subject: SubjectID) async throws -> [Dispute] { file(subject).disputes }

    public func dispute(id: Int64) async throws -> (dispute: Dispute, record: Record)? {
        guard id >= 1, id <= disputes.count else { return nil }
        let dispute = disputes[Int(id) - 1]
        return (dispute, records[Int(dispute.recordID) - 1])
    }

    public func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)] {
        disputes.filter { $0.answer == nil && records[Int($0.recordID) - 1].agency == agency }
            .map { ($0, records[Int($0.recordID) - 1]) }
    }

    public func openDispute(recordID: Int64, on day: Day, at time: Date) async throws -> Dispute {
        try open(Dispute(recordID: recordID, opened: day), at: time, accessor: nil)
    }

    public func openDispute(_ draft: Dispute, at time: Date, accessor: Accessor) async throws -> Dispute {
        try open(draft, at: time, accessor: accessor)
    }

    private func open(_ draft: Dispute, at time: Date, accessor: Accessor?) throws -> Dispute {
        let (recordID, day) = (draft.recordID, draft.opened)
        guard recordID >= 1, recordID <= records.count else { throw StoreError.unknownRecord(recordID) }
        if let open = disputes.first(where: { $0.recordID == recordID && $0.answer == nil }) {
            throw StoreError.disputeOpen(open.id)
        }
        var dispute = draft
        dispute.id = Int64(disputes.count + 1)
        disputes.append(dispute)
        let subject = records[Int(recordID) - 1].subject
        events[subject, default: []].append(
            RecordEvent(recordID: recordID, kind: .disputeOpened, day: day, recordedAt: time))
        if let accessor {
            append(
                [
                    (
                        subject,
                        AccessNote.disputeOpened(dispute, by: accessor)
                    )
                ], at: time)
        }
        return dispute
    }

    public func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date) async throws -> Dispute {
        try record(answer, to: id, on: day, reason: nil, at: time, accessor: nil)
    }

    public func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        try record(answer, to: id, on: day, reason: reason, at: time, accessor: accessor)
    }

    private func record(
        _ answer: Dispute.Answer, to id: Int64, on day: Day, reason: String?, at time: Date, accessor: Accessor?
    ) throws -> Dispute {
        guard id >= 1, id <= disputes.count else { throw StoreError.unknownDispute(id) }
        let dispute = try disputes[Int(id) - 1].answering(answer, on: day, reason: reason)
        disputes[Int(id) - 1] = dispute
        let index = Int(dispute.recordID) - 1
        let subject = records[index].subject
        events[subject, default: []].append(
            RecordEvent(
                recordID: dispute.recordID, kind: .disputeAnswered, day: day, recordedAt: time,
                detail: answer.rawValue))
        if answer == .retracted {
            records[index].retracted = records[index].retracted ?? day
            events[subject, default: []].append(
                RecordEvent(recordID: dispute.recordID, kind: .retracted, day: day, recordedAt: time))
        }
        if let accessor {
            append(
                [
                    (
                        subject,
                        AccessNote.disputeAnswered(dispute, by: accessor)
                    )
                ],
                at: time)
        }
        return dispute
    }

    // MARK: The access log

    func append(_ notes: [(SubjectID?, AccessNote)], at time: Date) {
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        let at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        for (subject, note) in notes {
            log.append(
                AccessEntry(
                    sequence: Int64(log.count + 1), at: at, subject: subject, actor: note.accessor.actor,
                    purpose: note.accessor.purpose, action: note.action, answer: note.answer,
                    previousHash: log.last?.hash ?? AccessEntry.genesis, kind: note.kind))
            tree.append(leafHash: log[log.count - 1].leafHash)
            if var denial = note.denial {
                denial.id = Int64(checkDenials.count + 1)
                denial.lastRecord = Int64(records.count)
                checkDenials.append(denial)
            }
            guard let subject else { continue }
            for cause in note.notices {
                inbox.append(
                    Notice(
                        id: Int64(inbox.count + 1), subject: subject, sequence: Int64(log.count), at: at, cause: cause))
                enqueue(.subjects, notice: Int64(inbox.count), ordering: subject.text, at: at)
            }
        }
    }

    public func treeNodes(_ nodes: Set<TreeNode>) async throws -> [TreeNode: Data] {
        let stored = tree.completeSubtrees
        return Dictionary(uniqueKeysWithValues: nodes.compactMap { node in stored[node].map { (node, $0) } })
    }

    public func keepCheckpoint(_ note: String, size: Int, at time: Date) async throws {
        checkpoints.append(KeptCheckpoint(note: note, size: size, at: time))
    }

    public func latestCheckpoint() async throws -> KeptCheckpoint? { checkpoints.last }

    // MARK: Statements

    public func statements(of subject: SubjectID) async throws -> [Int64: String] {
        statementTexts.filter { $0.value.subject == subject }.mapValues(\.text)
    }

    public func setStatement(_ text: String, on record: Record, at time: Date, accessor: Accessor) async throws {
        statementTexts[record.id] = (record.subject, text)
        append(
            [
                (
                    record.subject,
                    AccessNote(accessor, action: "attach statement to record \(record.id)", answer: "attached")
                )
            ],
            at: time)
    }

    // MARK: Attestations

    public func addAttestation(_ attestation: IssuedAttestation) async throws {
        issuedAttestations.append(attestation)
    }

    public func attestation(id: String) async throws -> IssuedAttestation? {
        issuedAttestations.first { $0.id == id }
    }

    public func attestations(of subject: SubjectID) async throws -> [IssuedAttestation] {
        issuedAttestations.filter { $0.subject == subject }.sorted { ($0.issued, $0.id) > ($1.issued, $1.id) }
    }

    public func revokeAttestation(_ attestation: IssuedAttestation, at time: Date, logging note: AccessNote)
        async throws
    {
        guard let index = issuedAttestations.firstIndex(where: { $0.id == attestation.id }) else { return }
        issuedAttestations[index].revoked = issuedAttestations[index].revoked ?? time
        append([(attestation.subject, note)], at: time)
    }

    public func access<T: Sendable>(
        _ subject: SubjectID, at time: Date, _ body: @escaping @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T {
        let (value, note) = try body(fileWithOrganisations(subject))
        append([(subject, note)], at: time)
        return value
    }

    public func log(_ notes: [(SubjectID, AccessNote)], at time: Date) async throws {
        append(notes.map { ($0, $1) }, at: time)
    }

    public func logRegistryWide(_ note: AccessNote, at time: Date) async throws { append([(nil, note)], at: time) }

    public func accessLog(subject: SubjectID?, after sequence: Int64, limit: Int) async throws -> [AccessEntry] {
        let start = Int(max(sequence, 0))
        guard start < log.count else { return [] }
        let entries = log[start...].lazy.filter { subject == nil || $0.subject == nil || $0.subject == subject }
        return Array(entries.prefix(limit))
    }

    public func lastAccessSequence() async throws -> Int64 { Int64(log.count) }

    public func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID] {
        let range = Int(max(sequence, 0))..<Int(min(last, Int64(log.count)))
        guard !range.isEmpty else { return [] }
        return log[range].compactMap { $0.kind == .change ? $0.subject : nil }
    }

    // MARK: Reviews, board, keys, meta

    public func addReview(agency: String, subject: SubjectID, stars: Int, comment: String, at time: Date) async throws {
        reviews[Self.referenceKey(agency, subject.text)] = (agency, stars)
    }

    public func agencyActivity() async throws -> [AgencyActivity] {
        var activity: [String: AgencyActivity] = [:]
        for record in records { activity[record.agency, default: AgencyActivity(agency: record.agency)].records += 1 }
        for dispute in disputes {
            let agency = records[Int(dispute.recordID) - 1].agency
            activity[agency, default: AgencyActivity(agency: agency)].disputes += 1
            if let answered = dispute.answered {
                activity[agency]!.answerDays.append(Int(answered.ordinal - dispute.opened.ordinal))
                if dispute.answer == .retracted { activity[agency]!.overturned += 1 }
            }
        }
        for (agency, stars) in reviews.values {
            activity[agency, default: AgencyActivity(agency: agency)].reviewStars.append(stars)
        }
        return activity.values.sorted { $0.agency < $1.agency }
    }

    public func addKey(_ grant: KeyGrant, secretHash: String) async throws {
        if keyTable[grant.id] == nil { keyOrder.append(grant.id) }
        keyTable[grant.id] = (grant, secretHash)
    }

    public func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)? { keyTable[id] }

    public func keys() async throws -> [KeyGrant] {
        keyOrder.compactMap { keyTable[$0]?.grant }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    public func revokeKey(id: String, at time: Date) async throws -> Bool {
        guard keyTable[id] != nil else { return false }
        keyTable[id]!.grant.revoked = keyTable[id]!.grant.revoked ?? time
        return true
    }

    public func redeemKey(id: String, at time: Date) async throws -> Bool {
        guard keyTable[id] != nil, keyTable[id]!.grant.revoked == nil else { return false }
        keyTable[id]!.grant.revoked = time
        return true
    }

    public func meta(_ key: String) async throws -> String? { metaValues[key] }

    public func setMeta(_ key: String, _ value: String) async throws { metaValues[key] = value }

    public func addSession(_ session: StoredSession) async throws { sessions[session.idHash] = session }

    public func session(idHash: String) async throws -> StoredSession? { sessions[idHash] }

    public func touchSession(idHash: String, at time: Date) async throws {
        if let seen = sessions[idHash]?.lastSeen, seen < time { sessions[idHash]!.lastSeen = time }
    }

    public func endSession(idHash: String) async throws { sessions[idHash] = nil }

    public func shutdown() async throws {}
}
