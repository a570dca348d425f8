import Foundation

extension AuditEvent {
    /// The entry for an account a roster import created.
    public static func rosterAddition(subject nip: String, unit: UnitPath, importID: Int64, by actor: String, at date: Date) -> AuditEvent {
        AuditEvent(date: date, action: .accountCreated, actor: actor, subject: nip, unit: unit, detail: "impor daftar pegawai #\(importID)")
    }

    /// The entries for an account a roster import changed, from the row's detail (its changes, `field: old → new`,
    /// joined by "; "): the same entries as a change made by hand, a transfer and a (re)activation named as such.
    public static func rosterChange(_ detail: String, subject nip: String, unit: UnitPath, importID: Int64, by actor: String, at date: Date)
        -> [AuditEvent]
    {
        var events: [AuditEvent] = []
        var rest: [String] = []
        for part in detail.components(separatedBy: "; ") {
            let action: AuditAction? = part.hasPrefix("unit:") ? .transferred
                : part.hasPrefix("aktif:") ? (part.hasSuffix("→ ya") ? .reactivated : .deactivated) : nil
            if let action {
                events.append(AuditEvent(date: date, action: action, actor: actor, subject: nip, unit: unit, detail: part + " (impor #\(importID))"))
            } else {
                rest.append(part)
            }
        }
        if !rest.isEmpty {
            events.append(AuditEvent(date: date, action: .accountChanged, actor: actor, subject: nip, unit: unit,
                                     detail: rest.joined(separator: "; ") + " (impor #\(importID))"))
        }
        return events
    }
}
