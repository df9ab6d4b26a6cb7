"""A milvus-lite server that checks credentials as a real Milvus server with auth does."""

from __future__ import annotations

import base64
from concurrent import futures
from pathlib import Path

import grpc


class _CheckAuth(grpc.ServerInterceptor):
    def __init__(self, token: str) -> None:
        self.expected = base64.b64encode(token.encode()).decode()

    def intercept_service(self, continuation, details):
        sent = dict(details.invocation_metadata or ()).get("authorization", "")
        if sent == self.expected:
            return continuation(details)

        def deny(request, context):
            context.abort(
                grpc.StatusCode.UNAUTHENTICATED,
                "auth check failure, please check username and password are correct",
            )

        return grpc.unary_unary_rpc_method_handler(deny)


def start_auth_server(path: Path, *, token: str) -> tuple[grpc.Server, int]:
    """(server, port); ``token`` is "user:password"."""
    from milvus_lite.adapter.grpc.servicer import MilvusServicer
    from milvus_lite.db import MilvusLite
    from pymilvus.grpc_gen import milvus_pb2_grpc

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4), interceptors=[_CheckAuth(token)]
    )
    milvus_pb2_grpc.add_MilvusServiceServicer_to_server(
        MilvusServicer(MilvusLite(str(path))), server
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port
