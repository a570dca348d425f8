/// The templates of the staff's pages: the training office's reports, what authors find on the status page, account
/// management, roster imports and the audit trail.
extension Templates {
    /// The templates of this area, by the names pages and partials use.
    static let operatorTemplates: [String: String] = [
        "operator": operatorReports, "feedbackTable": feedbackTable, "quizStatisticsLinks": quizStatisticsLinks, "syncStatus": syncStatus,
        "operatorUsers": operatorUsers, "accountRecord": accountRecord, "auditTrail": auditTrail, "rosterImport": rosterImport,
        "rosterSlips": rosterSlips,
    ]

    /// The training office's reports for its units: compliance, JP per employee, completion, quizzes and feedback.
    static let operatorReports = """
        {{<layout}}{{$content}}
        <h1>{{labels.operatorTitle}}</h1>
        <p class="lead">{{intro}}</p>
        {{#summedAt}}<p class="notice">{{summedAt}}</p>{{/summedAt}}
        <form method="get" action="/operator" class="search">
        {{#unitName}}<input type="hidden" name="unit" value="{{unitName}}">{{/unitName}}
        <label for="tahun">{{labels.year}}</label> <input id="tahun" name="tahun" type="number" min="2000" max="2100" value="{{year}}">
        <button type="submit">{{labels.show}}</button> <a href="/operator/pengguna">{{labels.usersTitle}}</a> · <a href="/operator/program">{{labels.programsLink}}</a> · <a href="/operator/kebutuhan">{{labels.needsLink}}</a>
        </form>
        <h2>{{labels.complianceTitle}}</h2>
        {{#upHref}}<p><a href="{{upHref}}">{{labels.drillUp}}</a></p>{{/upHref}}
        <p><a href="/operator/laporan/kepatuhan.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.pnsCount}}</th><th scope="col">{{labels.pnsMeeting}}</th><th scope="col">{{labels.compliance}}</th><th scope="col">{{labels.pppkCount}}</th><th scope="col">{{labels.totalJP}}</th></tr></thead><tbody>
        {{#units}}<tr><td>{{#drillHref}}<a href="{{drillHref}}">{{name}}</a>{{/drillHref}}{{^drillHref}}{{name}}{{/drillHref}}</td><td>{{pns}}</td><td>{{meeting}}</td><td>{{percent}}</td><td>{{pppk}}</td><td>{{jp}}</td></tr>{{/units}}
        </tbody></table>
        <h2>{{labels.ledgerPNS}} ({{pnsTotal}})</h2>
        <p><a href="/operator/laporan/jp.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a> · <a href="/operator/laporan/jp.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}&amp;pemisah=titik-koma">{{labels.rosterPasswordsCSVSemicolon}}</a></p>
        <form method="get" action="/operator" class="search" role="search"><input type="hidden" name="tahun" value="{{year}}">{{#unitName}}<input type="hidden" name="unit" value="{{unitName}}">{{/unitName}}
        <label for="q">{{labels.usersSearch}}</label> <input id="q" name="q" type="search" value="{{search}}"> <button type="submit">{{labels.usersSearchButton}}</button></form>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.courses}}</th><th scope="col">JP</th><th scope="col">{{labels.meetsTarget}}</th></tr></thead><tbody>
        {{#pns}}<tr class="{{^meets}}bad{{/meets}}"><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{courses}}</td><td>{{jp}}</td><td>{{meetsText}}</td></tr>{{/pns}}
        </tbody></table>
        <h2>{{labels.ledgerPPPK}} ({{pppkTotal}})</h2>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">NIP</th><th scope="col">{{labels.name}}</th><th scope="col">{{labels.unit}}</th><th scope="col">{{labels.courses}}</th><th scope="col">JP</th></tr></thead><tbody>
        {{#pppk}}<tr><td>{{nip}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{courses}}</td><td>{{jp}}</td></tr>{{/pppk}}
        </tbody></table>
        {{#hasPages}}<nav class="pager" aria-label="{{labels.listPages}}">{{#previousHref}}<a href="{{previousHref}}" rel="prev">← {{labels.pagePrevious}}</a>{{/previousHref}} {{#nextHref}}<a href="{{nextHref}}" rel="next">{{labels.pageNext}} →</a>{{/nextHref}}</nav>{{/hasPages}}
        <h2>{{labels.completionTitle}}</h2>
        <p><a href="/operator/laporan/kursus.csv?tahun={{year}}{{#unitKey}}&amp;unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        <table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">JP</th><th scope="col">{{labels.startedCount}}</th><th scope="col">{{labels.completedCount}}</th></tr></thead><tbody>
        {{#courseRows}}<tr><td>{{title}}</td><td>{{jp}}</td><td>{{started}}</td><td>{{completed}}</td></tr>{{/courseRows}}
        </tbody></table>
        {{#hasQuizCourses}}<h2>{{labels.quizResultsTitle}}</h2>{{/hasQuizCourses}}
        <ul>{{#quizCourses}}<li><a href="{{href}}">{{title}}</a></li>{{/quizCourses}}</ul>
        <p><a href="/penilaian">{{labels.quizGrading}}</a></p>
        <h2>{{labels.feedbackTitle}}</h2>
        <p><a href="/operator/laporan/umpan-balik.csv{{#unitKey}}?unit={{unitKey}}{{/unitKey}}">{{labels.downloadCSV}}</a></p>
        {{^feedback}}<p class="empty">{{labels.noData}}</p>{{/feedback}}
        {{#hasFeedback}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">{{labels.module}}</th><th scope="col">{{labels.responses}}</th><th scope="col">{{labels.averageRelevance}}</th><th scope="col">{{labels.comments}}</th></tr></thead><tbody>
        {{#feedback}}<tr><td>{{course}}</td><td>{{module}}</td><td>{{count}}</td><td>{{average}}</td><td>{{#comments}}<p>{{.}}</p>{{/comments}}</td></tr>{{/feedback}}
        </tbody></table>{{/hasFeedback}}
        {{/content}}{{/layout}}
        """

    /// Feedback per module for authors (all learners).
    static let feedbackTable = """
        <h2>{{labels.feedbackTitle}}</h2>
        {{^feedback}}<p class="empty">{{labels.noData}}</p>{{/feedback}}
        {{#hasFeedback}}<table class="status report" tabindex="0"><thead><tr><th scope="col">{{labels.course}}</th><th scope="col">{{labels.module}}</th><th scope="col">{{labels.responses}}</th><th scope="col">{{labels.averageRelevance}}</th><th scope="col">{{labels.comments}}</th></tr></thead><tbody>
        {{#feedback}}<tr><td>{{course}}</td><td>{{module}}</td><td>{{count}}</td><td>{{average}}</td><td>{{#comments}}<p>{{.}}</p>{{/comments}}</td></tr>{{/feedback}}
        </tbody></table>{{/hasFeedback}}
        """

    /// On the status page, where authors find how their quiz questions performed and the essays waiting for a grade;
    /// nothing without quizzes. Course and quiz titles come escaped (`titleHTML`).
    static let quizStatisticsLinks = """
        {{#hasQuizzes}}<h2>{{labels.quizItemStats}}</h2><ul>{{#quizzes}}<li><a href="{{href}}">{{{titleHTML}}}</a></li>{{/quizzes}}</ul>\
        <p><a href="/penilaian">{{labels.quizGrading}}</a></p>{{/hasQuizzes}}
        """

    /// On the status page, the sync with upstreams and the nodes that push here (``SyncStatusTable``); nothing when there
    /// is neither.
    static let syncStatus = """
        {{#hasJobs}}<h2>{{labels.syncUpstreams}}</h2><table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.syncKind}}</th>\
        <th scope="col">{{labels.syncUpstream}}</th><th scope="col">{{labels.syncNode}}</th><th scope="col">{{labels.syncLastAttempt}}</th>\
        <th scope="col">{{labels.syncLastSuccess}}</th><th scope="col">{{labels.syncDetail}}</th><th scope="col">{{labels.syncLastError}}</th>\
        </tr></thead><tbody>\
        {{#jobs}}<tr class="{{^succeeded}}bad{{/succeeded}}"><td>{{kind}}</td><td><code>{{{upstreamHTML}}}</code></td><td>{{{nodeHTML}}}</td>\
        <td>{{#attempted}}<time datetime="{{iso}}">{{text}}</time>{{/attempted}}</td>\
        <td>{{#succeededAt}}<time datetime="{{iso}}">{{text}}</time>{{/succeededAt}}{{^succeededAt}}—{{/succeededAt}}</td>\
        <td>{{{detailHTML}}}</td><td>{{{problemHTML}}}</td></tr>{{/jobs}}</tbody></table>{{/hasJobs}}\
        {{#hasNodes}}<h2>{{labels.syncRegionalNodes}}</h2><table class="status" tabindex="0"><thead><tr><th scope="col">{{labels.syncNode}}</th>\
        <th scope="col">{{labels.syncNodeLastSync}}</th><th scope="col">{{labels.syncNodeStatements}}</th></tr></thead><tbody>\
        {{#nodes}}<tr><td>{{{nameHTML}}}</td><td>{{#lastSync}}<time datetime="{{iso}}">{{text}}</time>{{/lastSync}}{{^lastSync}}—{{/lastSync}}</td>\
        <td>{{statements}}</td></tr>{{/nodes}}</tbody></table>{{/hasNodes}}
        """

    /// The accounts an operator manages: search, the paged list with password resets, and the roster import form.
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

    /// One person's record, to change or deactivate; the role only by admins.
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
        <label for="atasan">{{labels.supervisorNIP}}</label>
        <input id="atasan" name="atasan" value="{{supervisor}}" inputmode="numeric" maxlength="18" aria-describedby="atasan-help">
        <p id="atasan-help" class="meta">{{labels.supervisorHelp}}</p>
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

    /// The audit trail: filters, the paged list of events, and its CSV.
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

    /// A roster import: its preview, its progress while applied, and the temporary passwords once finished.
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

    /// The temporary password slips of a roster import, to print and cut.
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
