//! The portal's outermost service, in front of the router. It takes a
//! sub-site's prefix off the path, answers a page kept fresh in memory at
//! once (most requests: they skip routing and the layers within, whose
//! boxed futures would cost a cached page a third of its time), hands
//! everything else to the router, and marks every answer with the headers
//! every answer carries.

use std::convert::Infallible;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use futures_util::future::{BoxFuture, Either, Ready, ready};
use tower::{Service, ServiceExt};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::SharedState;
use crate::cache;
use crate::sites::prefix;

/// The whole portal as one service: what `portal serve` and the tests run.
#[derive(Clone)]
pub struct App {
    state: SharedState,
    router: Router,
    hsts: Option<HeaderValue>,
}

type Answer = Result<Response, Infallible>;

impl App {
    pub(crate) fn new(state: SharedState, router: Router) -> Self {
        // Behind a TLS proxy browsers are told to come back over https only.
        let hsts = (state.config.public_scheme.as_deref() == Some("https"))
            .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
        Self {
            state,
            router,
            hsts,
        }
    }

    /// A body that stops arriving is given up after `timeout`.
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.router = self.router.layer(RequestBodyTimeoutLayer::new(timeout));
        self
    }

    /// Through the router, the sub-site's prefix put back on a redirect.
    async fn route(self, request: Request, taken: Option<String>) -> Answer {
        let Ok(mut response) = self.router.oneshot(request).await;
        if let Some(prefix) = taken {
            prefix::put_back_on_redirect(&mut response, &prefix);
        }
        Ok(Self::marked(self.hsts.as_ref(), response))
    }

    /// Every answer, JSON, XML and text included, is taken for what its
    /// Content-Type says; an https portal's answers keep browsers on https.
    fn marked(hsts: Option<&HeaderValue>, mut response: Response) -> Response {
        let headers = response.headers_mut();
        headers
            .entry(header::X_CONTENT_TYPE_OPTIONS)
            .or_insert(HeaderValue::from_static("nosniff"));
        if let Some(hsts) = hsts {
            headers
                .entry(header::STRICT_TRANSPORT_SECURITY)
                .or_insert_with(|| hsts.clone());
        }
        response
    }
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Answer>, BoxFuture<'static, Answer>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let host = crate::request::host(request.headers());
        let known = self.state.site_prefixes.get(&self.state.pages, &host);
        if let Some(codes) = &known {
            let taken = prefix::take_off(&mut request, codes);
            if let Some(answer) = cache::answer_at_once(&self.state, &request) {
                return Either::Left(ready(Ok(Self::marked(self.hsts.as_ref(), answer))));
            }
            return Either::Right(Box::pin(self.clone().route(request, taken)));
        }
        let app = self.clone();
        Either::Right(Box::pin(async move {
            let codes = prefix::codes_under(&app.state, &host).await;
            let taken = prefix::take_off(&mut request, &codes);
            app.route(request, taken).await
        }))
    }
}
