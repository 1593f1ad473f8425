/// What kind of access a log entry records. Kept beside the entry (not in its hash: it follows from the
/// action) so that a server can follow the changes other servers made without reading every entry.
public enum AccessKind: String, Sendable, Codable, CaseIterable {
    /// A read of a subject's data, or an attempt that was refused.
    case access
    /// A counter's check.
    case check
    /// A change to a subject's records or disputes: after it, the subject's rating may differ.
    case change
    /// A read of every subject at once — an export, a simulation, the statistics — that every subject's
    /// log shows.
    case registry
}

/// What an access log entry will say, before the store gives it its place in the chain.
public struct AccessNote: Sendable, Equatable {
    public var accessor: Accessor
    public var action: String
    public var answer: String
    public var kind: AccessKind
    /// The notices the access gives its subject, written with the entry (SPEC §6, "Notices").
    public var notices: [NoticeCause]
    /// A counter's denied check, kept with the entry so a later correction reaches the counter.
    public var denial: CheckDenial?

    public init(
        _ accessor: Accessor, action: String, answer: String, kind: AccessKind = .access, notices: [NoticeCause] = [],
        denial: CheckDenial? = nil
    ) {
        self.accessor = accessor
        self.action = action
        self.answer = answer
        self.kind = kind
        self.notices = notices
        self.denial = denial
    }
}

extension AccessNote {
    /// The entry and notice of a dispute opened.
    public static func disputeOpened(_ dispute: Dispute, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "open dispute \(dispute.id) on record \(dispute.recordID)", answer: "opened",
            kind: .change,
            notices: [
                .disputeOpened(
                    dispute: dispute.id, record: dispute.recordID, opened: dispute.opened,
                    identityTheft: dispute.ground == .identityTheft)
            ])
    }

    /// The entry and notice of a dispute answered.
    public static func disputeAnswered(_ dispute: Dispute, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "answer dispute \(dispute.id)", answer: dispute.answer?.rawValue ?? "", kind: .change,
            notices: dispute.answer.map {
                [.disputeAnswered(dispute: dispute.id, record: dispute.recordID, answer: $0, on: dispute.answered!)]
            } ?? [])
    }

    /// The entry and notice of an appeal opened.
    public static func appealOpened(_ dispute: Dispute, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "appeal dispute \(dispute.id)", answer: "appealed", kind: .change,
            notices: dispute.appeal.map { [.appealOpened(dispute: dispute.id, opened: $0.opened)] } ?? [])
    }

    /// The entry and notice of an appeal decided.
    public static func appealDecided(_ dispute: Dispute, by accessor: Accessor) -> AccessNote {
        let decision = dispute.appeal?.decision
        return AccessNote(
            accessor, action: "decide appeal of dispute \(dispute.id)", answer: decision?.rawValue ?? "",
            kind: .change,
            notices: decision.map { [.appealDecided(dispute: dispute.id, decision: $0, on: dispute.appeal!.decided!)] }
                ?? [])
    }
}

extension AccessNote {
    /// The entry of a check, and for a denial the notice telling the subject which counter (`counter`, the
    /// provider key's label) was refused what, and why; and, for a provider `key`, the denial kept for
    /// corrections.
    public static func check(
        _ decision: CheckDecision, action: String, counter: String, key: String?, by accessor: Accessor
    ) -> AccessNote {
        var notices: [NoticeCause] = []
        var denial: CheckDenial?
        if !decision.allowed {
            var lists: [String] = []
            var organisations: [String] = []
            for reason in decision.reasons {
                switch reason {
                case let .listed(list, _, _, _): lists.append(list.id)
                case let .bound(binding): organisations.append(binding.organisation.text)
                default: break
                }
            }
            notices.append(
                .checkDenied(
                    counter: counter, action: decision.action, on: decision.asOf, lists: lists,
                    organisations: organisations))
            if let key, !lists.isEmpty {
                denial = CheckDenial(
                    key: key, subject: decision.subject, action: decision.action, day: decision.asOf, lists: lists)
            }
        }
        return AccessNote(
            accessor, action: action, answer: decision.logAnswer, kind: .check, notices: notices, denial: denial)
    }
}
