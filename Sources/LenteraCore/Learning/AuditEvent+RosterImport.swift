import Foundation

extension AuditEvent {
    /// The entry for an account a roster import created.
    public static func rosterAddition(subject nip: String, unit: UnitPath, importID: Int64, by actor: String, at date: Date) -> AuditEvent {
        AuditEvent(date: date, action: .accountCreated, actor: actor, subject: nip, unit: unit, detail: "impor daftar pegawai #\(importID)")
    }

    /// The entries for an account a roster import changed: the same entries as a change made by hand (a transfer, a
    /// role change and a (re)activation named as such), from the changes the import planned. A row planned before
    /// they were kept with it has only their text (`detail`), never parsed, so that no name can pass for a change:
    /// one entry, a deactivation when the row was one (`deactivation`), else a change.
    public static func rosterChange(
        _ changes: [AccountRules.FieldChange]?, detail: String, deactivation: Bool, subject nip: String, unit: UnitPath, importID: Int64,
        by actor: String, at date: Date
    ) -> [AuditEvent] {
        let note = " (impor #\(importID))"
        guard let changes else {
            return [AuditEvent(date: date, action: deactivation ? .deactivated : .accountChanged, actor: actor, subject: nip, unit: unit,
                               detail: detail + note)]
        }
        return AuditEvent.changes(changes, subject: nip, unit: unit, by: actor, at: date, address: nil, note: note)
    }
}
