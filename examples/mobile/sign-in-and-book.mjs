// What a mobile app does, with the official Cognito client (amazon-cognito-identity-js):
// sign up through the API, sign in with USER_PASSWORD_AUTH, list open slots, book one,
// refresh the session, and cancel with the refreshed token.
//
//   CLINIC_API_URL       the API, e.g. http://127.0.0.1:3000 (./dev up prints it)
//   USER_POOL_ID         the user pool (./dev up prints it)
//   USER_POOL_CLIENT_ID  the app client (./dev up prints it)
//   COGNITO_ENDPOINT     the local Cognito (moto), e.g. http://127.0.0.1:5000/ (./dev up prints it);
//                        leave unset on AWS
//   SLOT_DATE            optional: look for open slots on this day only (YYYY-MM-DD)
//
// Exits 0 when every step answered as the contract says, 1 otherwise.
import { randomUUID } from 'node:crypto';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

const api = required('CLINIC_API_URL').replace(/\/$/, '');
const pool = new CognitoUserPool({
  UserPoolId: required('USER_POOL_ID'),
  ClientId: required('USER_POOL_CLIENT_ID'),
  // The library's own option for another Cognito endpoint; undefined means AWS.
  endpoint: process.env.COGNITO_ENDPOINT || undefined,
});

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (see the comment at the top of this file)`);
    process.exit(2);
  }
  return value;
}

function step(text) {
  console.log(`- ${text}`);
}

async function call(method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function expect(reply, status, what) {
  if (reply.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

function signIn(user, password) {
  // SRP, the library's default, fails against moto; USER_PASSWORD_AUTH works locally and on AWS.
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  return new Promise((resolve, reject) => user.authenticateUser(
    new AuthenticationDetails({ Username: user.getUsername(), Password: password }),
    { onSuccess: resolve, onFailure: reject }));
}

function refresh(user, session) {
  return new Promise((resolve, reject) =>
    user.refreshSession(session.getRefreshToken(), (error, renewed) => (error ? reject(error) : resolve(renewed))));
}

async function main() {
  const username = `mobile-${randomUUID().slice(0, 8)}`;
  const password = 'Mobile-pass-1';

  const registered = expect(await call('POST', '/api/register_patient/', null, {
    user: { username, email: `${username}@example.com`, password }, name: 'Mobile Example',
  }), 201, 'sign up');
  step(`signed up ${username} (id ${registered.id}) through POST /api/register_patient/`);

  const user = new CognitoUser({ Username: username, Pool: pool });
  const session = await signIn(user, password);
  const access = session.getAccessToken();
  step(`signed in with USER_PASSWORD_AUTH; access token valid for ${access.getExpiration() - access.getIssuedAt()} s`);

  const query = process.env.SLOT_DATE ? `?date=${process.env.SLOT_DATE}` : '';
  const open = expect(await call('GET', `/api/availabilities/${query}`, access.getJwtToken()), 200, 'list open slots');
  if (open.length === 0) throw new Error('no open slot to book');
  const slot = open[0];
  step(`${open.length} open slot(s); booking ${slot.doctor_name} on ${slot.date} at ${slot.start_time}`);

  const appointment = expect(await call('POST', '/api/appointments/', access.getJwtToken(),
    { doctor: slot.doctor, date: slot.date, time_slot: slot.time_slot }), 201, 'book');
  step(`booked appointment ${appointment.id} (${appointment.status})`);

  const renewed = await refresh(user, session);
  if (!renewed.isValid()) throw new Error('the refreshed session is not valid');
  step('refreshed the session with the refresh token');

  // The refreshed id token is accepted too, as the JWT authorizer accepts id tokens of the app client.
  const mine = expect(await call('GET', `/api/appointments/${appointment.id}/`, renewed.getIdToken().getJwtToken()),
    200, 'read the appointment with the refreshed id token');
  step(`read it back with the refreshed id token: ${mine.status}`);

  expect(await call('DELETE', `/api/appointments/${appointment.id}/`, renewed.getAccessToken().getJwtToken()),
    204, 'cancel');
  const cancelled = expect(await call('GET', `/api/appointments/${appointment.id}/`, renewed.getAccessToken().getJwtToken()),
    200, 'read the cancelled appointment');
  if (cancelled.status !== 'cancelled') throw new Error(`expected status cancelled, got ${cancelled.status}`);
  const reopened = expect(await call('GET', `/api/availabilities/${query}`, renewed.getAccessToken().getJwtToken()),
    200, 'list open slots again');
  if (!reopened.some((a) => a.id === slot.id)) throw new Error('the cancelled slot is not open again');
  step('cancelled it with the refreshed access token; the slot is open again');
  console.log('OK');
}

main().catch((error) => {
  console.error(`FAILED: ${error.message || error.code || error}`);
  process.exit(1);
});
