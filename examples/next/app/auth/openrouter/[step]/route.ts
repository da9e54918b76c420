// The sign-in's three steps in one route file: GET start and callback, POST sign-out.
import { signInFailedPage, signOutRefusedPage } from "../../../../../shared/pages";
import { signIn } from "../../../../lib/sign-in";

// #region docs
type Step = { params: Promise<{ step: string }> };

export async function GET(request: Request, { params }: Step): Promise<Response> {
  const { step } = await params;
  if (step === "start") return signIn.start(request, { returnTo: "/" });
  if (step !== "callback") return new Response("Not found", { status: 404 });
  try {
    return (await signIn.finish(request)).response;
  } catch (error) {
    return signInFailedPage(error); // declined, forged, reloaded, or the exchange failed
  }
}

// POST /auth/openrouter/sign-out, from the <form method="post"> of the signed-in page.
export async function POST(request: Request, { params }: Step): Promise<Response> {
  if ((await params).step !== "sign-out") return new Response("Not found", { status: 404 });
  try {
    return await signIn.signOut(request);
  } catch {
    return signOutRefusedPage(); // a GET, or another site's form
  }
}
// #endregion docs
