import { html, type Html } from './html';
import { page } from './layout';

export function loginPage(csrf: string, error?: string): Html {
  return page(
    { title: 'Log in' },
    html`<div class="login">
      <div class="card">
        <h1>Namwoo store console</h1>
        ${error ? html`<div class="alert bad" role="alert">${error}</div>` : ''}
        <form method="post" action="/admin/login">
          <input type="hidden" name="_csrf" value="${csrf}" />
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              autofocus
            />
          </div>
          <button class="btn" type="submit">Log in</button>
        </form>
      </div>
      <p class="muted small">
        The password is <code>ADMIN_PASSWORD</code>; on the embedded demo database it is in
        <code>data/admin-password</code>.
      </p>
    </div>`,
  );
}
