package imagehub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.provider.aliyun.AliyunModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake checks signatures the way Alibaba does: a request changed after signing, or replayed, is refused. */
class AliyunFakeTest {
    private static AliyunFake fake;

    @BeforeAll
    static void start() {
        fake = AliyunFake.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void a_request_changed_after_signing_is_refused_and_a_replay_too() throws Exception {
        String imageId = fake.image("cn-hangzhou", "signed");
        new AliyunModule().connect(fake.credentials(), "cn-hangzhou").describeImage(imageId).orElseThrow();
        AliyunFake.RawRequest signed = fake.lastRequest();
        assertTrue(signed.rawQuery().contains("ImageId=" + imageId), signed.rawQuery());

        HttpResponse<String> tampered = send(signed, signed.rawQuery().replace(imageId, "m-someoneelse"));
        HttpResponse<String> replayed = send(signed, signed.rawQuery());

        assertEquals(400, tampered.statusCode());
        assertTrue(tampered.body().contains("\"Code\":\"SignatureDoesNotMatch\""), tampered.body());
        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.body().contains("\"Code\":\"SignatureNonceUsed\""), replayed.body());
    }

    private static HttpResponse<String> send(AliyunFake.RawRequest request, String rawQuery) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fake.endpoint() + request.path() + "?" + rawQuery))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        Set<String> restricted = Set.of("host", "content-length", "transfer-encoding", "connection", "expect", "upgrade");
        request.headers().forEach((name, value) -> {
            if (!restricted.contains(name)) {
                builder.header(name, value);
            }
        });
        return HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
