/** Logs in to the store console at `url` (GET the form for its CSRF token and cookie, POST the password). */
export async function adminSession(url: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${url}/admin/login`);
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: form.headers.get('set-cookie')!.split(';')[0],
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: loginCsrf, password }).toString(),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const page = await (await fetch(`${url}/admin`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

/** A console page's HTML. */
export async function adminPage(url: string, session: { cookie: string }, path: string): Promise<string> {
  return (await fetch(`${url}${path}`, { headers: { cookie: session.cookie } })).text();
}
