import CandorCore
import CandorRegistry
import Foundation
import HTTPTypes
import Hummingbird

/// An attestation just issued: the token and what it states.
struct NewAttestation: Sendable {
    var token: String
    var claims: AttestationClaims
}

extension WebPages {
    /// What the app shows of a new attestation: a plain-language summary, a link to its public page and
    /// the same link as a QR code drawn on the server, and the token itself for software.
    func attestationContext(_ issued: NewAttestation, _ reader: Reader, origin: String) -> [String: Any] {
        let link = origin + "/verify?token=" + issued.token
        return [
            "summary": Self.summary(of: issued.claims, reader), "link": link, "token": issued.token,
            "qr": QRCode(text: link).svg(label: reader.say("QR code of the attestation's link")),
        ]
    }

    /// This site's address as the browser reached it, for links that leave the page (a QR code).
    static func origin(of request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return scheme + "://" + (request.head.authority ?? "localhost")
    }

    func addAttestationRoutes(to router: Router<CandorRequestContext>) {
        // Anyone holding the link (the QR code at a counter) sees whether the attestation stands, in words.
        router.get("/verify") { request, _ in
            let reader = reader(request)
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            let verdict = token.isEmpty ? nil : try await service.verifyAttestation(token, by: .anonymous)
            return try await render("verify", "Attestation", request) { _ in
                var context: [String: Any] = ["asked": verdict != nil]
                if let verdict {
                    context["valid"] = verdict.valid
                    context["status"] = reader.say(verdict.status.rawValue)
                    context["reason"] = verdict.reason.map { reader.say($0) } ?? false
                    context["summary"] = verdict.claims.map { Self.summary(of: $0, reader) } ?? false
                }
                return context
            }
        }
    }

    /// What an attestation states, in a sentence.
    static func summary(of claims: AttestationClaims, _ reader: Reader) -> String {
        let until = Date(timeIntervalSince1970: TimeInterval(claims.exp))
        let tier = reader.policy.tier(claims.tier)?.title ?? claims.tierTitle
        var text = reader.say(
            "The registry states that the person this attestation was issued to is in the tier “{{tier}}” under "
                + "policy {{policy}}, for {{audience}}, until {{until}}.",
            ["tier": tier, "policy": claims.policy, "audience": claims.aud, "until": reader.time(until)])
        if claims.noList == true { text += " " + reader.say("It also states that they are on no restriction list.") }
        return text
    }
}
