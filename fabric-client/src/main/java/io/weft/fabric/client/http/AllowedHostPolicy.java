package io.weft.fabric.client.http;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import reactor.core.publisher.Mono;

/** Sits before the bearer-token policy: a request to a host outside the allow list fails before a token is attached. */
final class AllowedHostPolicy implements HttpPipelinePolicy {

    private final HostAllowList allowList;

    AllowedHostPolicy(HostAllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        var url = context.getHttpRequest().getUrl();
        if (!"https".equalsIgnoreCase(url.getProtocol()) || !allowList.allowsHost(url.getHost())) {
            throw untrusted(url.getHost());
        }
        return next.processSync();
    }

    static FabricException untrusted(String host) {
        return new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "Refusing to send a Fabric request to host '" + host
                + "': it is not a configured or allowed Fabric host (weft.fabric.allowed-hosts), so it never receives a token",
                null, 0, false, null);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.error(new UnsupportedOperationException("The Fabric pipeline is synchronous; use sendSync"));
    }
}
