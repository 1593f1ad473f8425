extension AccessNote {
    /// What the access log says about a submission: one note per subject, in the order the subjects first
    /// appear, naming each of the subject's records and what became of it.
    ///
    /// A subject with one record reads "submit court/2026-17 (court.default)", answered "created"; with
    /// several, the records are listed with ", " and their answers, in the same order, with "; " (a reason
    /// for refusing may itself hold commas). One entry per subject rather than per record keeps a bulk
    /// load's log a fraction of the size while still telling each subject exactly what was filed.
    public static func submissions(
        _ records: [Record], outcomes: [SubmissionOutcome], by accessor: Accessor
    ) -> [(SubjectID?, AccessNote)] {
        var position: [SubjectID: Int] = [:]
        var grouped: [(subject: SubjectID, actions: [String], answers: [String], notices: [NoticeCause])] = []
        for (record, outcome) in zip(records, outcomes) {
            let action = "\(record.agency)/\(record.reference) (\(record.kind))"
            var notices: [NoticeCause] = []
            if case let .created(id) = outcome {
                notices.append(
                    .recordCreated(
                        record: id, agency: record.agency, reference: record.reference, kind: record.kind,
                        occurred: record.occurred))
            }
            if let index = position[record.subject] {
                grouped[index].actions.append(action)
                grouped[index].answers.append(outcome.summary)
                grouped[index].notices += notices
            } else {
                position[record.subject] = grouped.count
                grouped.append((record.subject, [action], [outcome.summary], notices))
            }
        }
        return grouped.map { subject, actions, answers, notices -> (SubjectID?, AccessNote) in
            (
                subject,
                AccessNote(
                    accessor, action: "submit " + actions.joined(separator: ", "),
                    answer: answers.joined(separator: "; "), kind: .change, notices: notices)
            )
        }
    }
}

extension AccessNote {
    /// What the access log says about a record refused before it reached the store: the field and why.
    public static func refusedSubmission(_ record: Record, field: String, message: String, by accessor: Accessor)
        -> AccessNote
    {
        AccessNote(
            accessor, action: "submit \(record.agency)/\(record.reference) (\(record.kind))",
            answer: "refused: \(field): \(message)")
    }
}

extension SubmissionOutcome {
    /// The outcome as an access log answer: "created", "unchanged", "updated" or "refused: why".
    public var summary: String {
        switch self {
        case .created: "created"
        case .unchanged: "unchanged"
        case .updated: "updated"
        case let .refused(reason): "refused: \(reason)"
        }
    }
}
