import type { Identity } from '../auth/roles.ts';
import type { ApiTokenRecord, UserRecord } from '../storage/auth-store.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';

/** Admins: who can sign in, which integrations hold tokens, and the tools (queues, API docs, audit export). */
export function adminPage(users: UserRecord[], tokens: ApiTokenRecord[], who: Identity | null): Html {
  const cell = (content: Html | string) => html`<td class="nhsuk-table__cell">${content}</td>`;
  return pageLayout(
    'Administration',
    html`<h1>Administration</h1>
    <ul class="nhsuk-list">
      <li><a href="/admin/queues">Queues dashboard</a></li>
      <li><a href="/docs">API description</a></li>
      <li><a href="/v1/admin/audit.csv" download>Download the audit trail (CSV)</a></li>
    </ul>
    <div class="nhsuk-error-summary" role="alert" id="problem" hidden><h2 class="nhsuk-error-summary__title">That did not work</h2><p id="problem-text"></p></div>
    <h2>Users</h2>
    <table class="nhsuk-table" id="users"><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">User</th><th class="nhsuk-table__header" scope="col">Roles</th><th class="nhsuk-table__header" scope="col">State</th></tr></thead>
      <tbody class="nhsuk-table__body">${users.map(
        (user) => html`<tr class="nhsuk-table__row">${cell(`${user.displayName} (${user.name})`)}${cell(user.roles.join(', '))}${cell(
          user.disabled ? 'disabled' : user.lockedUntil ? `locked until ${user.lockedUntil}` : 'active',
        )}</tr>`,
      )}</tbody></table>
    <h2>API tokens</h2>
    <table class="nhsuk-table" id="tokens"><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">Token</th><th class="nhsuk-table__header" scope="col">Roles</th><th class="nhsuk-table__header" scope="col">Last used</th><th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th></tr></thead>
      <tbody class="nhsuk-table__body">${tokens.map(
        (token) => html`<tr class="nhsuk-table__row">${cell(`${token.name} (${token.id})`)}${cell(token.roles.join(', '))}${cell(token.lastUsedAt ?? 'never')}${cell(
          token.revokedAt ? `revoked ${token.revokedAt}` : html`<button class="nhsuk-button nhsuk-button--warning nhsuk-button--small" type="button" data-revoke="${token.id}">Revoke</button>`,
        )}</tr>`,
      )}</tbody></table>
    <form id="new-token" novalidate>
      <h3>New API token</h3>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="token-name">What will use it</label>
        <input class="nhsuk-input nhsuk-input--width-20" id="token-name" name="name" placeholder="ward 7 scanner"></div>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="token-role">Role</label>
        <select class="nhsuk-select" id="token-role" name="role"><option>records</option><option>clinician</option><option>reviewer</option><option>admin</option></select></div>
      <button class="nhsuk-button" type="submit">Create token</button>
      <p class="nhsuk-body" id="new-token-value" hidden>Copy this token now: it is not shown again. <code id="token-secret"></code></p>
    </form>
    <script src="${RECTO_ASSETS}/admin.js" defer></script>`,
    who,
  );
}
