/// The templates of account management and the audit trail.
extension Templates {
    static let accounts: [String: String] = [
        "operatorUsers": operatorUsers, "accountRecord": accountRecord, "auditTrail": auditTrail, "rosterImport": rosterImport,
        "rosterSlips": rosterSlips,
    ]

    static let operatorUsers = """
        {{<layout}}{{$content}}
        <h1>{{labels.usersTitle}}</h1>
        <p><a href="/operator">{{labels.reports}}</a> · <a href="/admin/audit">{{labels.auditTitle}}</a></p>
        {{#resetMessage}}<p class="done">{{resetMessage}}</p>{{/resetMessage}}
        {{#emptyImport}}<p class="error" role="alert">{{labels.rosterEmpty}}</p>{{/emptyImport}}
        {{#hasOpenImports}}<h2>{{labels.rosterOpen}}</h2><ul>{{#openImports}}<li><a href="/operator/pengguna/impor/{{id}}">{{labels.importResult}} #{{id}}</a>: {{state}}</li>{{/openImports}}</ul>{{/hasOpenImports}}
        <form method="get" action="/operator/pengguna" class="search" role="search">
        <label for="q">{{labels.usersSearch}}</label>
        <input id="q" name="q" type="search" value="{{search}}" autocomplete="off">
        <button type="submit">{{labels.usersSearchButton}}</button>
        </form>
        {{#showing}}<p class="meta">{{showing}}</p>{{/showing}}
        {{^hasUsers}}<p class="empty">{{labels.usersNone}}</p>{{/hasUsers}}
        {{#hasUsers}}<div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.role}}</th><th scope="col"><span class="visually-hidden">{{labels.actionsColumn}}</span></th></tr></thead><tbody>
        {{#users}}<tr{{#inactive}} class="inactive"{{/inactive}}><td>{{nip}}</td><td>{{#manageable}}<a href="/operator/pengguna/{{id}}">{{name}}</a>{{/manageable}}{{^manageable}}{{name}}{{/manageable}}{{#inactive}} <span class="badge">{{labels.inactive}}</span>{{/inactive}}</td><td>{{unit}}</td><td>{{roleName}}</td><td>{{#manageable}}<form method="post" action="/operator/pengguna/{{id}}/setel-ulang"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="small">{{labels.resetPassword}}</button></form>{{/manageable}}</td></tr>{{/users}}
        </tbody></table></div>{{/hasUsers}}
        {{#hasPages}}<nav class="pager" aria-label="{{labels.listPages}}">{{#previousHref}}<a href="{{previousHref}}" rel="prev">← {{labels.pagePrevious}}</a>{{/previousHref}} {{#nextHref}}<a href="{{nextHref}}" rel="next">{{labels.pageNext}} →</a>{{/nextHref}}</nav>{{/hasPages}}
        <h2>{{labels.importTitle}}</h2>
        <p>{{labels.importHelp}}</p>
        <form method="post" action="/operator/pengguna/impor" class="stacked" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="berkas">{{labels.importFile}}</label>
        <input id="berkas" name="berkas" type="file" accept=".csv,text/csv">
        <label for="csv">{{labels.importPaste}}</label>
        <textarea id="csv" name="csv" rows="8"></textarea>
        <label class="check"><input type="checkbox" name="lengkap" value="ya"> {{labels.rosterComplete}}</label>
        <button type="submit">{{labels.rosterPreviewButton}}</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let accountRecord = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <p class="meta"><a href="/operator/pengguna">{{labels.usersTitle}}</a></p>
        <h1>{{name}}</h1>
        <p class="meta">NIP {{nip}}{{#inactiveSince}} · <span class="badge">{{labels.inactive}}</span> {{inactiveReason}}, {{inactiveSince}}{{/inactiveSince}}</p>
        {{#message}}<p class="done" role="status">{{message}}</p>{{/message}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/operator/pengguna/{{id}}" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="nama">{{labels.name}}</label>
        <input id="nama" name="nama" value="{{name}}" required maxlength="200">
        <label for="unit">{{labels.unit}}</label>
        <input id="unit" name="unit" value="{{unit}}" required maxlength="300" aria-describedby="unit-help">
        <p id="unit-help" class="meta">{{labels.transferHelp}}</p>
        <label for="jabatan">{{labels.position}}</label>
        <input id="jabatan" name="jabatan" value="{{position}}" maxlength="200">
        <label for="status">{{labels.employeeStatus}}</label>
        <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select>
        <label for="surel">{{labels.email}}</label>
        <input id="surel" name="surel" type="email" value="{{email}}" maxlength="254">
        {{#isAdmin}}<label for="peran">{{labels.role}}</label>
        <select id="peran" name="peran">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/roles}}</select>{{/isAdmin}}
        {{^isAdmin}}<p class="meta">{{labels.role}}: {{roleName}}. {{labels.roleAdminOnly}}</p>{{/isAdmin}}
        <label for="aktif">{{labels.accountState}}</label>
        <select id="aktif" name="aktif"><option value="ya"{{#active}} selected{{/active}}>{{labels.keepActive}}</option>{{#reasons}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{labels.deactivateAs}} {{text}}</option>{{/reasons}}</select>
        <button type="submit">{{labels.save}}</button>
        </form>
        </div>
        {{/content}}{{/layout}}
        """

    static let auditTrail = """
        {{<layout}}{{$content}}
        <h1>{{labels.auditTitle}}</h1>
        <p>{{labels.auditIntro}}</p>
        <form method="get" action="/admin/audit" class="filters">
        <label for="aksi">{{labels.auditAction}}</label>
        <select id="aksi" name="aksi"><option value="">{{labels.auditAllActions}}</option>{{#actions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/actions}}</select>
        <label for="nip">NIP</label>
        <input id="nip" name="nip" value="{{nip}}" inputmode="numeric" maxlength="18">
        <label for="dari">{{labels.auditFrom}}</label>
        <input id="dari" name="dari" type="date" value="{{from}}">
        <label for="sampai">{{labels.auditUntil}}</label>
        <input id="sampai" name="sampai" type="date" value="{{until}}">
        <button type="submit">{{labels.auditFilter}}</button>
        </form>
        <p><a href="{{csvHref}}">{{labels.auditCSV}}</a> · <a href="{{csvSemicolonHref}}">{{labels.rosterPasswordsCSVSemicolon}}</a>{{#showing}} · {{showing}}{{/showing}}</p>
        {{^hasEvents}}<p class="empty">{{labels.auditNone}}</p>{{/hasEvents}}
        {{#hasEvents}}<div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">{{labels.auditWhen}} (WIB)</th><th scope="col">{{labels.auditAction}}</th><th scope="col">{{labels.auditActor}}</th><th scope="col">{{labels.auditSubject}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.auditDetail}}</th><th scope="col">{{labels.auditAddress}}</th></tr></thead><tbody>
        {{#events}}<tr><td>{{when}}</td><td>{{action}}</td><td>{{actor}}</td><td>{{subject}}</td><td>{{unit}}</td><td>{{detail}}</td><td>{{address}}</td></tr>{{/events}}
        </tbody></table></div>{{/hasEvents}}
        {{#hasPages}}<nav class="pager" aria-label="{{labels.listPages}}">{{#previousHref}}<a href="{{previousHref}}" rel="prev">← {{labels.pagePrevious}}</a>{{/previousHref}} {{#nextHref}}<a href="{{nextHref}}" rel="next">{{labels.pageNext}} →</a>{{/nextHref}}</nav>{{/hasPages}}
        {{/content}}{{/layout}}
        """

    static let rosterImport = """
        {{<layout}}{{$content}}
        <h1>{{title}}</h1>
        <p class="meta"><a href="/operator/pengguna">{{labels.usersTitle}}</a></p>
        {{#preview}}
        <p>{{labels.rosterPreviewIntro}}</p>
        <ul class="counts"><li>{{labels.rosterAdd}}: <strong>{{additionsCount}}</strong></li><li>{{labels.rosterChange}}: <strong>{{changesCount}}</strong></li>
        <li>{{labels.rosterDeactivate}}: <strong>{{deactivationsCount}}</strong></li><li>{{labels.rosterUnchanged}}: {{unchangedCount}}</li>
        <li>{{labels.rejected}}: <strong>{{refusalsCount}}</strong></li></ul>
        {{#canApply}}<form method="post" action="/operator/pengguna/impor/{{id}}/terapkan" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.rosterApply}}</button></form>{{/canApply}}
        <form method="post" action="/operator/pengguna/impor/{{id}}/batal" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{labels.rosterCancel}}</button></form>
        {{#hasRefusals}}<h2>{{labels.rejected}}</h2><ul class="problems">{{#refusals}}<li class="error">{{.}}</li>{{/refusals}}</ul>{{/hasRefusals}}
        {{#hasDeactivations}}<h2>{{labels.rosterDeactivate}}</h2><div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th></tr></thead><tbody>
        {{#deactivations}}<tr><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td></tr>{{/deactivations}}</tbody></table></div>{{/hasDeactivations}}
        {{#hasChanges}}<h2>{{labels.rosterChange}}</h2><div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">{{labels.rosterLine}}</th><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.auditDetail}}</th></tr></thead><tbody>
        {{#changes}}<tr><td>{{line}}</td><td>{{nip}}</td><td>{{name}}</td><td>{{detail}}</td></tr>{{/changes}}</tbody></table></div>{{/hasChanges}}
        {{#hasAdditions}}<h2>{{labels.rosterAdd}}</h2><div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">{{labels.rosterLine}}</th><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.role}}</th></tr></thead><tbody>
        {{#additions}}<tr><td>{{line}}</td><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{role}}</td></tr>{{/additions}}</tbody></table></div>{{/hasAdditions}}
        {{/preview}}
        {{#applying}}<p role="status">{{labels.rosterApplying}} {{done}} / {{total}}</p><progress max="100" value="{{percent}}">{{percent}}%</progress>{{/applying}}
        {{#finished}}
        <p class="done">{{labels.rosterFinished}} {{labels.rosterAdd}}: {{addedCount}}, {{labels.rosterChange}}: {{changedCount}}, {{labels.rosterDeactivate}}: {{deactivatedCount}}.</p>
        {{#hasPasswords}}
        <p>{{labels.rosterPasswordsIntro}}</p>
        <p><a href="/operator/pengguna/impor/{{id}}/kata-sandi.csv">{{labels.rosterPasswordsCSV}}</a> · <a href="/operator/pengguna/impor/{{id}}/kata-sandi.csv?pemisah=titik-koma">{{labels.rosterPasswordsCSVSemicolon}}</a> · <a href="/operator/pengguna/impor/{{id}}/cetak">{{labels.rosterPrint}}</a></p>
        <div class="scroll" tabindex="0"><table class="status report"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.temporaryPassword}}</th><th scope="col">{{labels.name}}</th></tr></thead><tbody>
        {{#passwords}}<tr><td>{{nip}}</td><td><code>{{password}}</code></td><td>{{name}}</td></tr>{{/passwords}}</tbody></table></div>
        <form method="post" action="/operator/pengguna/impor/{{id}}/konfirmasi"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{labels.rosterConfirm}}</button></form>
        {{/hasPasswords}}
        {{#confirmed}}<p>{{labels.rosterConfirmed}}</p>{{/confirmed}}
        {{/finished}}
        {{#cancelled}}<p>{{labels.rosterCancelled}}</p>{{/cancelled}}
        {{/content}}{{/layout}}
        """

    static let rosterSlips = """
        {{<layout}}{{$content}}
        <h1 class="no-print">{{labels.rosterSlipsTitle}}</h1>
        <p class="no-print"><button type="button" data-print hidden>{{labels.rosterPrint}}</button> <a href="/operator/pengguna/impor/{{id}}">{{labels.importResult}}</a></p>
        <div class="slips">
        {{#slips}}<section class="slip"><p class="meta">Lentera · {{site}}</p><h2>{{name}}</h2><p>NIP {{nip}}<br>{{unit}}</p>
        <p>{{labels.temporaryPassword}}: <code>{{password}}</code></p><p class="meta">{{labels.rosterSlipHelp}}</p></section>{{/slips}}
        </div>
        {{/content}}{{/layout}}
        """
}
