import CandorCore
import CandorRegistry
import Foundation

extension WebPages {
    func homeContext() -> [String: Any] {
        let tiers = service.policy.tiers
        return [
            "base": service.policy.score.base, "responseDays": service.policy.disputeResponseDays,
            "tiers": tiers.enumerated().map { index, tier in
                ["title": tier.title, "min": tier.min, "last": index == tiers.count - 1] as [String: Any]
            },
        ]
    }

    func policyContext() -> [String: Any] {
        let policy = service.policy
        func title(ofAction id: String) -> String {
            policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title ?? id
        }
        return [
            "policyTitle": policy.title, "base": policy.score.base, "min": policy.score.min, "max": policy.score.max,
            "disputeRules": PolicyWords.disputes(policy), "repairRules": PolicyWords.repair(policy) ?? false,
            "tiers": policy.tiers.map { ["title": $0.title, "min": $0.min] },
            "kinds": policy.kinds.map { kind -> [String: Any] in
                [
                    "id": kind.id, "title": kind.title, "points": formatPoints(kind.points),
                    "fulfilledPoints": formatPoints(kind.fulfilledPoints), "lastsDays": kind.lastsDays,
                    "decay": kind.decay == .linear ? "linearly" : "no",
                    "cap": kind.cap.map { formatPoints($0) } ?? "none",
                    "subjects": kind.subjects.map { $0 == .person ? "people" : "organisations" }.joined(
                        separator: " and "),
                    "agencies": policy.agencies.filter { $0.kinds.contains(kind.id) }.map(\.title).joined(
                        separator: ", "),
                    "repair": PolicyWords.repair(kind) ?? false,
                ]
            },
            "lists": policy.lists.map { list -> [String: Any] in
                [
                    "title": list.title, "legalBasis": list.legalBasis, "maxDays": list.maxDays,
                    "notice": PolicyWords.notice(list) ?? false, "minors": PolicyWords.minors,
                    "permits": PolicyWords.permits(list, in: policy) ?? false,
                    "officers": PolicyWords.bindsOfficers(list, in: policy) ?? false,
                    "remedy": list.remedy.isEmpty ? "None stated." : list.remedy,
                    "restricts": list.restricts.map(title(ofAction:)).joined(separator: "; "),
                    "kinds": list.kinds.map { id in policy.kind(id)?.title ?? id }.joined(separator: "; "),
                ]
            },
            "privileges": policy.privileges.map {
                ["title": $0.title, "tier": policy.tier($0.minTier)?.title ?? $0.minTier]
            },
            "actions": policy.actions.map { ["id": $0.id, "title": $0.title] },
        ]
    }

    func statisticsContext(_ document: StatisticsDocument, _ counts: [RecordCount]) -> [String: Any] {
        let tierChart = BarChart(
            title: "Subjects per tier", categories: document.tiers.map(\.title),
            series: [.init(label: "Subjects", values: document.tiers.map(\.count), colour: "#1f4e79")]
        ).svg
        let bands = document.histogram.map(\.from)
        let histogram = BarChart(
            title: "Score distribution", categories: bands.map { "\($0)" },
            series: [.init(label: "Subjects", values: document.histogram.map(\.count), colour: "#1f4e79")]
        ).svg
        let years = Array(Set(counts.map(\.year))).sorted()
        let agencies = service.policy.agencies
        let palette = ["#1f4e79", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"]
        let agencyChart = BarChart(
            title: "Records per year by agency", categories: years.map(String.init),
            series: agencies.enumerated().map { index, agency in
                .init(
                    label: agency.title,
                    values: years.map { year in
                        counts.first { $0.agency == agency.id && $0.year == year }?.count ?? 0
                    }, colour: palette[index % palette.count])
            }
        ).svg
        return [
            "asOf": document.asOf.iso, "subjects": grouped(document.subjects), "people": grouped(document.people),
            "organizations": grouped(document.organizations), "tierChart": tierChart, "histogramChart": histogram,
            "agencyChart": agencyChart,
            "tiers": document.tiers.map { ["title": $0.title, "min": $0.min, "count": grouped($0.count)] },
            "lists": document.lists.map {
                ["title": $0.title, "count": grouped($0.count), "people": grouped($0.people)]
            },
        ]
    }

    func boardContext(_ board: [AgencyStanding], sort: String) -> [String: Any] {
        let columns: [(key: String, title: String, number: Bool)] = [
            ("title", "Agency", false), ("recordsSubmitted", "Records", true), ("disputesReceived", "Disputes", true),
            ("disputesOpen", "Open", true), ("shareOverturned", "Overturned", true),
            ("medianAnswerDays", "Median answer (days)", true), ("averageReview", "Average review", true),
            ("reviews", "Reviews", true),
        ]
        func key(_ standing: AgencyStanding) -> Double {
            switch sort {
            case "disputesReceived": Double(standing.disputesReceived)
            case "disputesOpen": Double(standing.disputesOpen)
            case "shareOverturned": standing.shareOverturned ?? -1
            case "medianAnswerDays": standing.medianAnswerDays ?? -1
            case "averageReview": standing.averageReview ?? -1
            case "reviews": Double(standing.reviews)
            default: Double(standing.recordsSubmitted)
            }
        }
        let rows = sort == "title" ? board.sorted { $0.title < $1.title } : board.sorted { key($0) > key($1) }
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
        return [
            "columns": columns.map {
                ["key": $0.key, "title": $0.title, "number": $0.number, "sorted": $0.key == sort]
            },
            "rows": rows.map { standing -> [String: Any] in
                [
                    "title": standing.title, "recordsSubmitted": grouped(standing.recordsSubmitted),
                    "disputesReceived": grouped(standing.disputesReceived),
                    "disputesOpen": grouped(standing.disputesOpen),
                    "shareOverturned": number(standing.shareOverturned.map { $0 * 100 }, "%.0f%%"),
                    "medianAnswerDays": number(standing.medianAnswerDays, "%.1f"),
                    "averageReview": number(standing.averageReview, "%.1f"), "reviews": grouped(standing.reviews),
                ]
            },
        ]
    }
}
